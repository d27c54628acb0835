package io.cometmq.bench;

import io.cometmq.bench.ClusterLayout.BrokerNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** CometMQ from the fat jars of nameserver-image and broker-image. */
final class CometMqCluster extends TargetCluster {

    private static final Pattern YAML_PLAIN = Pattern.compile("-?\\d+|true|false");

    private final Path nameServerJar;
    private final Path brokerJar;

    private final Target target;
    private final List<String> metricsEndpoints = new ArrayList<>();

    CometMqCluster(ClusterLayout layout, Path dir, JvmSettings jvm, Path nameServerJar, Path brokerJar,
            Target target) {
        super(layout, dir, jvm);
        this.nameServerJar = nameServerJar;
        this.brokerJar = brokerJar;
        this.target = target;
    }

    @Override
    protected Map<String, String> brokerConfig(ClusterLayout.BrokerNode node, int listenPort) {
        Map<String, String> config = super.brokerConfig(node, listenPort);
        if (target.acl()) {
            config.putAll(BenchAuth.brokerKeys());
        }
        config.putAll(extraBrokerKeys(System.getenv("BENCH_COMETMQ_BROKER_KEYS")));
        if (target.metrics()) {
            int port = LoopbackPorts.metricsPort();
            config.put("metricsExporterType", "PROM");
            config.put("metricsPromExporterHost", "127.0.0.1");
            config.put("metricsPromExporterPort", Integer.toString(port));
            metricsEndpoints.add("http://127.0.0.1:" + port + "/metrics");
        }
        return config;
    }

    /**
     * Broker keys to compare settings with (e.g. {@code transferMsgByHeap=true}): "key=value" pairs separated by
     * commas, from the environment variable {@code BENCH_COMETMQ_BROKER_KEYS}; empty when unset.
     */
    static Map<String, String> extraBrokerKeys(String spec) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return keys;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("BENCH_COMETMQ_BROKER_KEYS: '" + pair + "' is not key=value");
            }
            keys.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return keys;
    }

    @Override
    List<String> metricsEndpoints() {
        return List.copyOf(metricsEndpoints);
    }

    /**
     * The jar to run: the requested file, or else a shaded "*-all.jar" beside it (what maven-shade
     * names an attached shaded artifact); null if neither exists.
     */
    static Path locateJar(Path requested) {
        if (Files.isRegularFile(requested)) {
            return requested;
        }
        Path parent = requested.toAbsolutePath().getParent();
        String stem = requested.getFileName().toString().replaceFirst("\\.jar$", "");
        if (parent != null && Files.isDirectory(parent)) {
            try (DirectoryStream<Path> shaded = Files.newDirectoryStream(parent, stem + "-*-all.jar")) {
                for (Path candidate : shaded) {
                    return candidate;
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    Target target() {
        return target;
    }

    @Override
    protected ClusterProcess launchNameServer(int port) throws IOException {
        List<String> command = new ArrayList<>(jvm.nameServer(homeOf("namesrv")));
        command.addAll(List.of("-jar", nameServerJar.toAbsolutePath().toString(),
                "--listen-port", Integer.toString(port)));
        return ClusterProcess.start("namesrv", command, dir, Map.of());
    }

    @Override
    protected ClusterProcess launchBroker(BrokerNode node, Map<String, String> config) throws IOException {
        Path yaml = dir.resolve("broker-" + node.id() + ".yaml");
        Files.writeString(yaml, toYaml(config));
        List<String> command = new ArrayList<>(jvm.broker(homeOf("broker-" + node.id())));
        command.addAll(List.of("-jar", brokerJar.toAbsolutePath().toString(), "--config", yaml.toString()));
        return ClusterProcess.start("broker-" + node.id(), command, dir, Map.of());
    }

    /** Flat YAML with RocketMQ's key names; numbers and booleans plain, everything else quoted. */
    static String toYaml(Map<String, String> config) {
        return config.entrySet().stream()
                .map(e -> e.getKey() + ": " + (YAML_PLAIN.matcher(e.getValue()).matches() ? e.getValue()
                        : '"' + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + '"'))
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
