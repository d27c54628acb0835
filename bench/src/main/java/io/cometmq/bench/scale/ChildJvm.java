package io.cometmq.bench.scale;

import io.cometmq.bench.ConsoleLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A NameServer or broker JVM started by {@link ScaleLimits}, with what it costs read from /proc and jcmd. */
final class ChildJvm implements AutoCloseable {

    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    // G1: " garbage-first heap   total 1048576K, used 23551K [..."
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private ChildJvm(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    static ChildJvm start(String name, List<String> command, Path dir, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".out");
        Files.writeString(dir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new ChildJvm(name, builder.start(), log, started);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Throws, with the end of the console log, when the process has exited. */
    void ensureAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log " + log
                    + ":\n" + tail(15));
        }
    }

    /** Resident set size now, in KiB (/proc/pid/status VmRSS). */
    long rssKib() {
        try {
            Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid()), "status")));
            if (!m.find()) {
                throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
            }
            return Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open file descriptors (sockets included): how many connections the process has accepted. */
    int openFiles() {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a full GC (jcmd GC.run), then returns the heap in use in KiB (jcmd GC.heap_info, G1). */
    long heapUsedAfterGcKib() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the heap use of " + name + " from jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid() + " " + command + " failed: " + out);
        }
        return out;
    }

    /** SIGTERM, then waits for the exit (shutdown hooks run: the broker unregisters and flushes); SIGKILL after. */
    Duration terminate(Duration patience) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println("[scale] " + name + " still running " + patience.toSeconds() + " s after SIGTERM; "
                    + "killing it");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    String tail(int lines) {
        return ConsoleLogs.tail(log, lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
