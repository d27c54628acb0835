package io.cometmq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the numbers were measured on; SYNC_FLUSH in particular depends on the store's file system. */
record MachineInfo(int cpus, String cpuModel, String memory, String os, String java, String storeFileSystem) {

    static MachineInfo describe(Path javaBin, Path workDir) {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name").orElse("unknown CPU"),
                procField("/proc/meminfo", "MemTotal").map(MachineInfo::kibToGib).orElse("unknown"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                javaVersion(javaBin),
                fileSystem(workDir));
    }

    private static Optional<String> procField(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String kibToGib(String memTotal) {
        long kib = Long.parseLong(memTotal.replaceAll("\\D", ""));
        return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
    }

    /** {@code java -version} of the binary that runs the brokers, folded onto one line. */
    private static String javaVersion(Path javaBin) {
        try {
            Process process = new ProcessBuilder(javaBin.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return String.join("; ", out.strip().lines().toList());
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String fileSystem(Path dir) {
        try {
            Files.createDirectories(dir);
            FileStore store = Files.getFileStore(dir);
            return store.type() + " (" + store.name() + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }

    List<String> markdownLines() {
        return List.of(
                "- CPU: " + cpus + " × " + cpuModel,
                "- memory: " + memory,
                "- OS: " + os,
                "- java: " + java,
                "- store file system: " + storeFileSystem);
    }
}
