package io.cometmq.sdk;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One NameServer or broker JVM started from its fat jar. Each start writes a new log file (stdout and stderr);
 * {@link #kill()} is SIGKILL, {@link #close()} too (tests need no graceful stop).
 */
final class JvmProcess implements AutoCloseable {

    private final Path jar;
    private final Path workDir;
    private final String name;
    private Process process;
    private Path log;
    private int starts;

    JvmProcess(Path jar, Path workDir, String name) {
        this.jar = jar;
        this.workDir = workDir;
        this.name = name;
    }

    /** The fat jar named by a system property the pom sets (so a missing build says what to run). */
    static Path jar(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run with 'mvn verify'");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing; build it with 'mvn -pl sdk-tests -am verify'");
        }
        return path;
    }

    /** Starts the JVM with {@code args} and waits until its log holds {@code readyLine}. */
    JvmProcess start(List<String> args, String readyLine) throws IOException {
        Files.createDirectories(workDir);
        log = workDir.resolve(name + "-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Duser.home=" + workDir,
                // the servers' log level (their logback.xml reads COMETMQ_LOG_LEVEL); -Dserver.log.level=DEBUG
                "-DCOMETMQ_LOG_LEVEL=" + System.getProperty("server.log.level", "INFO"),
                "-jar", jar.toString()));
        command.addAll(args);
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Process started = process;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException(name + " exited with " + started.exitValue() + ":\n" + logText());
            }
            return logText().contains(readyLine);
        });
        return this;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no final flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    String logText() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
