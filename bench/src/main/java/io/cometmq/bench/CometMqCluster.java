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

    private final boolean acl;

    CometMqCluster(ClusterLayout layout, Path dir, JvmSettings jvm, Path nameServerJar, Path brokerJar,
            boolean acl) {
        super(layout, dir, jvm);
        this.nameServerJar = nameServerJar;
        this.brokerJar = brokerJar;
        this.acl = acl;
    }

    @Override
    protected Map<String, String> brokerConfig(ClusterLayout.BrokerNode node, int listenPort) {
        Map<String, String> config = super.brokerConfig(node, listenPort);
        if (acl) {
            config.putAll(BenchAuth.brokerKeys());
        }
        return config;
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
        return acl ? Target.COMETMQ_ACL : Target.COMETMQ;
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
