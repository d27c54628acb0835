package io.cometmq.protocol.testing;

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
 * {@code java -jar <fat jar> <args>} as a child process (a NameServer or a broker) for tests that need real JVMs:
 * each start writes a new log file (stdout and stderr) under the process's directory, which is also its
 * {@code user.home}; signals by name ({@code KILL}, {@code STOP}, {@code CONT}) go to its pid; {@link #close()}
 * is SIGKILL (tests need no graceful stop). The servers' log level is {@code -Dserver.log.level} (default INFO).
 */
public final class JvmProcess implements AutoCloseable {

    private final Path jar;
    private final List<String> args;
    private final Path dir;
    private final String name;
    private Process process;
    private Path log;
    private int starts;

    /** A process started with {@code args} unless {@link #start(List, String)} gives others. */
    public JvmProcess(Path jar, List<String> args, Path dir, String name) {
        this.jar = jar.toAbsolutePath().normalize();
        this.args = List.copyOf(args);
        this.dir = dir;
        this.name = name;
    }

    public JvmProcess(Path jar, Path dir, String name) {
        this(jar, List.of(), dir, name);
    }

    /** The fat jar named by a system property the pom sets, so that a missing build says what to run. */
    public static Path jar(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests with "
                    + "'mvn verify' (-am packages the jar)");
        }
        return Path.of(value);
    }

    /** Starts the JVM with the constructor's arguments and waits until its log contains {@code ready}. */
    public JvmProcess start(String ready) throws IOException {
        return start(args, ready);
    }

    /** Starts the JVM with {@code arguments} and waits until its log contains {@code ready}. */
    public JvmProcess start(List<String> arguments, String ready) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run the tests with 'mvn verify' (-am packages it)");
        }
        Files.createDirectories(dir);
        log = dir.resolve(name + "-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Duser.home=" + dir.toAbsolutePath(),
                // the servers' logback.xml reads COMETMQ_LOG_LEVEL; -Dserver.log.level=DEBUG shows every request
                "-DCOMETMQ_LOG_LEVEL=" + System.getProperty("server.log.level", "INFO"),
                "-jar", jar.toString()));
        command.addAll(arguments);
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Process started = process;
        await(name + " says '" + ready + "'").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + started.exitValue() + ":\n"
                                + logText());
                    }
                    return logText().contains(ready);
                });
        return this;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Sends a signal by name (e.g. STOP, CONT) to the JVM. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL (no shutdown hook, no final flush), and wait until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    /** Everything the current (last) start wrote. */
    public String logText() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroyForcibly(); // also ends a stopped JVM
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
