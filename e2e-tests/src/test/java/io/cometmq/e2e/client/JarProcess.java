package io.cometmq.e2e.client;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar <jar> <args>} as a child process whose stdout and stderr go to one log file. */
final class JarProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static JarProcess start(Path jar, Path log, List<String> args) throws IOException {
        return start(jar, log, args, Map.of());
    }

    /** With these environment variables added to the test's own. */
    static JarProcess start(Path jar, Path log, List<String> args, Map<String, String> env) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run the tests with mvn verify (-am builds it)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // the Apache client logs under ${user.home}/logs (versions.md pitfall 5)
                "-Duser.home=" + log.getParent().toAbsolutePath(), "-jar", jar.toAbsolutePath().toString()));
        command.addAll(args);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        return new JarProcess(process, log);
    }

    /** Waits until the log contains {@code text}; fails at once if the process exits first. */
    JarProcess awaitLog(String text, Duration atMost) {
        await(log.getFileName() + " says '" + text + "'").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive() && !log().contains(text)) {
                        throw new IllegalStateException(log + " exited with " + process.exitValue() + ":\n" + log());
                    }
                    return log().contains(text);
                });
        return this;
    }

    /** Waits for the process to exit and returns its exit code. */
    int waitFor(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(log + " did not exit within " + atMost + ":\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
