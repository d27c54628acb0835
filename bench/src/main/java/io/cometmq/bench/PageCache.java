package io.cometmq.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Evicts brokers' stores from the page cache, so that a consumer afterwards reads from the disk.
 *
 * <p>Order: {@code sync} (dirty pages cannot be dropped), then the brokers' own mappings of their store files are paged
 * out ({@code pageout.py}: {@code process_madvise(MADV_PAGEOUT)}), then the cache is dropped, globally with
 * {@code echo 3 > /proc/sys/vm/drop_caches} where permitted, else per file with
 * {@code dd if=FILE iflag=nocache count=0} (GNU coreutils: {@code posix_fadvise(DONTNEED)} on the whole file). The
 * page-out step matters: both drop methods skip pages a live process has mapped, and both brokers write their commit
 * log through a shared mapping, so without it the whole backlog would stay resident. The store's resident bytes are
 * counted with {@code fincore} (util-linux) before and after, which is what says whether it worked.
 */
final class PageCache {

    /**
     * What was done and how much of the store stayed in memory; resident counts are -1 where {@code fincore} is
     * missing. {@code pagedOut} is empty when the brokers' mappings could not be paged out, with the reason in
     * {@code problems}.
     */
    record Eviction(String dropMethod, String pagedOut, long storeBytes, long residentBefore, long residentAfter,
                    List<String> problems) {

        boolean verified() {
            return residentAfter >= 0;
        }

        /** Fraction of the store still in the page cache, or NaN if unknown. */
        double residentFractionAfter() {
            return residentAfter < 0 || storeBytes == 0 ? Double.NaN : (double) residentAfter / storeBytes;
        }

        String describe() {
            String residency = verified()
                    ? String.format(Locale.ROOT, "store %,d MiB, resident %,d MiB before, %,d MiB after",
                            storeBytes >> 20, residentBefore >> 20, residentAfter >> 20)
                    : String.format(Locale.ROOT, "store %,d MiB, residency not verified (no fincore)",
                            storeBytes >> 20);
            return dropMethod + (pagedOut.isEmpty() ? "" : " + " + pagedOut) + "; " + residency
                    + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        }
    }

    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private PageCache() {
    }

    /**
     * Evicts every file under {@code storeDirs}, including the pages that {@code pids} (the brokers owning the
     * stores) have mapped.
     */
    static Eviction evict(Collection<Path> storeDirs, Collection<Long> pids) throws IOException,
            InterruptedException {
        List<Path> files = filesUnder(storeDirs);
        long storeBytes = 0;
        for (Path file : files) {
            storeBytes += Files.size(file);
        }
        List<String> problems = new ArrayList<>();
        long before = residentBytes(files);
        String syncProblem = run(List.of("sync"));
        if (syncProblem != null) {
            problems.add("sync: " + syncProblem);
        }
        String pagedOut = pageOut(storeDirs, pids, problems);
        String method = dropGlobally(problems) ? "echo 3 > /proc/sys/vm/drop_caches" : dropPerFile(files, problems);
        Map<Path, Long> after = residentByFile(files);
        long residentAfter = after == null ? -1 : after.values().stream().mapToLong(Long::longValue).sum();
        if (residentAfter > 0) {
            problems.add("still cached: " + after.entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<Path, Long>comparingByValue().reversed())
                    .limit(3)
                    .map(e -> relativeName(storeDirs, e.getKey()) + " " + (e.getValue() >> 10) + " KiB")
                    .collect(Collectors.joining(", ")));
        }
        return new Eviction(method, pagedOut, storeBytes, before, residentAfter, List.copyOf(problems));
    }

    private static String relativeName(Collection<Path> dirs, Path file) {
        return dirs.stream().filter(file::startsWith).findFirst().map(d -> d.relativize(file).toString())
                .orElse(file.toString());
    }

    /** Pages out each broker's mappings of the store; returns what was done, or "" after noting why not. */
    static String pageOut(Collection<Path> storeDirs, Collection<Long> pids, List<String> problems)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("cometmq-pageout", ".py");
        try (InputStream in = PageCache.class.getResourceAsStream("pageout.py")) {
            Files.write(script, in.readAllBytes());
            long mappings = 0;
            long bytes = 0;
            for (long pid : pids) {
                List<String> command = new ArrayList<>(List.of("python3", script.toString(), Long.toString(pid)));
                storeDirs.forEach(dir -> command.add(dir.toAbsolutePath().toString()));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    problems.add("mapped pages of pid " + pid + " not paged out: " + out);
                    return "";
                }
                String[] counts = out.split("\\s+");
                mappings += Long.parseLong(counts[0]);
                bytes += Long.parseLong(counts[1]);
            }
            return String.format(Locale.ROOT, "MADV_PAGEOUT of %d broker mappings (%,d MiB)", mappings, bytes >> 20);
        } catch (IOException e) {
            problems.add("mapped pages not paged out: " + e.getMessage());
            return "";
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /**
     * Drops clean caches machine-wide; false where not permitted. {@code Cached:} in /proc/meminfo must fall: a
     * write that is accepted but has no effect counts as not permitted.
     */
    private static boolean dropGlobally(List<String> problems) {
        long cachedBefore = cachedKib();
        try {
            Files.writeString(DROP_CACHES, "3\n");
        } catch (IOException | SecurityException e) {
            problems.add("drop_caches not permitted (" + e.getMessage() + "), per file instead");
            return false;
        }
        long cachedAfter = cachedKib();
        if (cachedBefore > 0 && cachedAfter >= cachedBefore) {
            problems.add("drop_caches had no effect (Cached " + cachedBefore + " kB -> " + cachedAfter
                    + " kB), per file instead");
            return false;
        }
        return true;
    }

    private static String dropPerFile(List<Path> files, List<String> problems) throws InterruptedException {
        int failed = 0;
        for (Path file : files) {
            String problem = run(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"));
            if (problem != null && failed++ == 0) {
                problems.add("dd iflag=nocache failed: " + problem);
            }
        }
        return "dd iflag=nocache count=0 per file (" + (files.size() - failed) + "/" + files.size() + " files)";
    }

    /** Bytes of these files in the page cache ({@code fincore}), or -1 when that cannot be measured. */
    static long residentBytes(List<Path> files) throws InterruptedException {
        Map<Path, Long> resident = residentByFile(files);
        return resident == null ? -1 : resident.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each file's bytes in the page cache ({@code fincore}), or null when that cannot be measured. */
    static Map<Path, Long> residentByFile(List<Path> files) throws InterruptedException {
        Map<Path, Long> resident = new LinkedHashMap<>();
        // a few hundred paths per call keeps the command line short (consume queues are many small files)
        for (int from = 0; from < files.size(); from += 200) {
            List<String> command = new ArrayList<>(List.of("fincore", "--bytes", "--noheadings", "--raw",
                    "--output", "RES,FILE"));
            List<Path> batch = files.subList(from, Math.min(files.size(), from + 200));
            batch.forEach(f -> command.add(f.toString()));
            try {
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return null;
                }
                // "RES FILE" per line (the store's paths hold no spaces); a file the broker deleted meanwhile
                // makes fincore fail for that file only, and counts as 0
                for (String line : out.strip().lines().filter(l -> !l.isBlank()).toList()) {
                    String[] fields = line.strip().split(" ", 2);
                    resident.put(Path.of(fields[1]), Long.parseLong(fields[0]));
                }
                if (resident.isEmpty() && process.exitValue() != 0) {
                    return null;
                }
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }
        return resident;
    }

    static List<Path> filesUnder(Collection<Path> dirs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }

    private static long cachedKib() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("Cached:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Runs a command to completion; null on success, else its output or the failure. */
    private static String run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + (out.isEmpty() ? "" : ": " + out);
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
