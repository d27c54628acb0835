package io.cometmq.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One child JVM of a cluster (NameServer or broker) with its console output in a log file. */
final class ClusterProcess implements AutoCloseable {

    // Apache's broker spends ~20 s in its shutdown hook; the store is discarded anyway, so don't wait for it.
    private static final long GRACEFUL_STOP_SECONDS = 3;

    private final String name;
    private final Process process;
    private final Path log;

    private ClusterProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ClusterProcess start(String name, List<String> command, Path workDir, Map<String, String> env)
            throws IOException {
        Path log = workDir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Files.writeString(workDir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
        return new ClusterProcess(name, builder.start(), log);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** Polls until something accepts TCP connections on 127.0.0.1:port; fails fast if the process dies. */
    void awaitPort(int port, Instant deadline) throws StartupException, InterruptedException {
        while (true) {
            ensureAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new StartupException(name + " did not open port " + port + " in time", this);
                }
                Thread.sleep(100);
            }
        }
    }

    void ensureAlive() throws StartupException {
        if (!process.isAlive()) {
            throw new StartupException(name + " exited with code " + process.exitValue(), this);
        }
    }

    /** The last lines of the console log, for failure reports. */
    String tail(int lines) {
        return ConsoleLogs.tail(log, lines);
    }

    /** SIGTERM first so the broker can unmap its files; SIGKILL whatever is left after a grace period. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(GRACEFUL_STOP_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** A cluster process that did not come up; carries the log tail so the report can say why. */
    static final class StartupException extends Exception {
        private final transient ClusterProcess process;

        StartupException(String message, ClusterProcess process) {
            super(message);
            this.process = process;
        }

        StartupException(String message) {
            this(message, null);
        }

        /** One line for the report: the message plus the last line the process printed, if any. */
        String summary() {
            if (process == null) {
                return getMessage();
            }
            String last = process.tail(1).strip();
            if (last.length() > 200) {
                last = last.substring(0, 200) + "…";
            }
            return last.isEmpty() || last.startsWith("(no log") ? getMessage() : getMessage() + ": " + last;
        }

        String details() {
            return process == null ? getMessage()
                    : getMessage() + " (log " + process.log() + ")\n" + process.tail(15);
        }
    }
}
