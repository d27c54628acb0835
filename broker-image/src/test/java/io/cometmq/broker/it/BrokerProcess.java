package io.cometmq.broker.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The broker as its own JVM, started from the fat jar the build packaged ({@code target/cometmq-broker.jar}) with a
 * generated broker.yaml; for tests that kill it ({@code kill -9}) or stop it gracefully ({@code kill -TERM}).
 * Its stdout and stderr go to a log file per start, next to the store.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "cometmq-broker.jar");

    private final Path workDir;
    private final Map<String, String> settings;
    private final int port;
    private Process process;
    private Path log;
    private int starts;

    /**
     * @param workDir    holds the config, the logs and (unless overridden) the store
     * @param nameServer NameServer address
     * @param extra      any further broker settings (RocketMQ key names)
     */
    BrokerProcess(Path workDir, String brokerName, String nameServer, Map<String, String> extra) {
        this.workDir = workDir;
        this.port = freePort();
        settings = new LinkedHashMap<>();
        settings.put("brokerClusterName", "TestCluster");
        settings.put("brokerName", brokerName);
        settings.put("namesrvAddr", nameServer);
        settings.put("brokerIP1", "127.0.0.1");
        settings.put("listenHost", "127.0.0.1");
        settings.put("listenPort", Integer.toString(port));
        // a free port of its own: listenPort + 1 (the default) may belong to another process
        settings.put("haListenPort", Integer.toString(freePort()));
        settings.put("storePathRootDir", workDir.resolve("store").toString());
        settings.put("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        settings.put("mappedFileSizeConsumeQueue", Integer.toString(20 * 10_000));
        settings.putAll(extra);
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Changes a setting for the next {@link #start()} (e.g. restart an old master as a slave). */
    BrokerProcess set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, ...) to the running JVM. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the JVM and waits until it prints that it is listening. */
    BrokerProcess start() throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; run the ITs with 'mvn verify'");
        }
        Path config = workDir.resolve("broker.yaml");
        StringBuilder yaml = new StringBuilder();
        settings.forEach((key, value) -> yaml.append(key).append(": \"").append(value).append("\"\n"));
        Files.writeString(config, yaml);
        log = workDir.resolve("broker-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-jar", JAR.toAbsolutePath().toString(), "--config", config.toString()));
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Process started = process;
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("broker exited with " + started.exitValue() + ":\n" + logText());
            }
            return logText().contains("listening on 127.0.0.1:" + port);
        });
        return this;
    }

    /** SIGKILL: no shutdown hook, no final flush or checkpoint. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker " + process.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM: the shutdown hook unregisters, persists offsets and closes the store; returns the exit code. */
    int terminate() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
        kill.waitFor(10, TimeUnit.SECONDS);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker " + process.pid() + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
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
        if (process != null && process.isAlive()) {
            process.destroyForcibly(); // SIGKILL also ends a SIGSTOPped JVM
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
