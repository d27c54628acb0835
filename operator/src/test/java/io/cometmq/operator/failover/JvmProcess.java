package io.cometmq.operator.failover;

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
 * {@code java -jar <fat jar> <args>} as a child process (a NameServer or a broker), its output in a log file per
 * start; signals by name ({@code KILL}, {@code STOP}, {@code CONT}) go to its pid.
 */
public final class JvmProcess implements AutoCloseable {
    private final Path jar;
    private final List<String> args;
    private final Path dir;
    private final String name;
    private Process process;
    private Path log;
    private int starts;

    public JvmProcess(Path jar, List<String> args, Path dir, String name) {
        this.jar = jar;
        this.args = List.copyOf(args);
        this.dir = dir;
        this.name = name;
    }

    /** Starts the JVM and waits until its log contains {@code ready}. */
    public JvmProcess start(String ready) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing; run the ITs with mvn verify (-am"
                    + " packages it)");
        }
        Files.createDirectories(dir);
        log = dir.resolve(name + "-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toAbsolutePath().toString()));
        command.addAll(args);
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Process started = process;
        await(name + " says '" + ready + "'").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + started.exitValue() + ":\n" + logText());
                    }
                    return logText().contains(ready);
                });
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, and wait until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    public String logText() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly(); // also ends a stopped JVM
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
