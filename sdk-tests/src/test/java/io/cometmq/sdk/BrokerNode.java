package io.cometmq.sdk;

import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.testing.JvmProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A broker JVM with its broker.yaml: remoting and gRPC port fixed at construction, so a restart (or a promoted
 * slave) keeps the addresses clients know.
 */
final class BrokerNode implements AutoCloseable {

    private final Path workDir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final int port = Ports.free();
    private final int grpcPort = Ports.free();
    private final JvmProcess process;

    BrokerNode(Path workDir, String id, Map<String, String> settings) {
        this.workDir = workDir.resolve(id);
        this.settings.put("listenHost", "127.0.0.1");
        this.settings.put("brokerIP1", "127.0.0.1");
        this.settings.put("listenPort", Integer.toString(port));
        this.settings.put("haListenPort", Integer.toString(Ports.free()));
        this.settings.put("grpcServerPort", Integer.toString(grpcPort));
        this.settings.put("storePathRootDir", this.workDir.resolve("store").toString());
        this.settings.put("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        this.settings.put("mappedFileSizeConsumeQueue", Integer.toString(20 * 10_000));
        this.settings.putAll(settings);
        this.process = new JvmProcess(JvmProcess.jar("broker.jar"), this.workDir, "broker-" + id);
    }

    /** Remoting address. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** What the gRPC SDK is given as its endpoint. */
    String grpcEndpoint() {
        return "127.0.0.1:" + grpcPort;
    }

    /** Writes broker.yaml, starts the JVM and waits for its remoting and gRPC ports. */
    BrokerNode start() throws IOException {
        Files.createDirectories(workDir);
        StringBuilder yaml = new StringBuilder();
        settings.forEach((key, value) -> yaml.append(key).append(": \"").append(value).append("\"\n"));
        Path config = workDir.resolve("broker.yaml");
        Files.writeString(config, yaml);
        process.start(List.of("--config", config.toString()), "listening on 127.0.0.1:" + port);
        await("gRPC port " + grpcPort + " of " + address()).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> Ports.accepting(grpcPort));
        return this;
    }

    void kill() throws InterruptedException {
        process.kill();
    }

    String logText() {
        return process.logText();
    }

    @Override
    public void close() {
        process.close();
    }
}
