package io.cometmq.bench;

import io.cometmq.bench.ClusterLayout.BrokerNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Apache RocketMQ 5.3.3 from the jars resolved by the bench build, started the way mqnamesrv/mqbroker do. */
final class ApacheRocketMqCluster extends TargetCluster {

    private final Path lib;

    ApacheRocketMqCluster(ClusterLayout layout, Path dir, JvmSettings jvm, Path lib) {
        super(layout, dir, jvm);
        this.lib = lib;
    }

    /** Null when the jars are present, else why Apache cannot be benchmarked. */
    static String unavailableReason(Path lib) {
        if (!Files.isRegularFile(lib.resolve("rocketmq-broker-5.3.3.jar"))) {
            return "Apache RocketMQ jars not found in " + lib + " (build the bench module first)";
        }
        return null;
    }

    @Override
    Target target() {
        return Target.APACHE;
    }

    @Override
    protected ClusterProcess launchNameServer(int port) throws IOException {
        Path conf = dir.resolve("namesrv.properties");
        writeProperties(conf, Map.of("listenPort", Integer.toString(port), "bindAddress", "127.0.0.1"));
        return launch("namesrv", jvm.nameServer(homeOf("namesrv")), "org.apache.rocketmq.namesrv.NamesrvStartup",
                conf);
    }

    @Override
    protected ClusterProcess launchBroker(BrokerNode node, Map<String, String> config) throws IOException {
        Path conf = dir.resolve("broker-" + node.id() + ".conf");
        writeProperties(conf, config);
        String name = "broker-" + node.id();
        return launch(name, jvm.broker(homeOf(name)), "org.apache.rocketmq.broker.BrokerStartup", conf);
    }

    @Override
    protected Map<String, String> brokerConfig(BrokerNode node, int listenPort) {
        Map<String, String> config = super.brokerConfig(node, listenPort);
        // Apache binds 0.0.0.0 unless told otherwise; the benchmark stays on loopback.
        config.put("bindAddress", "127.0.0.1");
        return config;
    }

    private ClusterProcess launch(String name, List<String> jvmArgs, String mainClass, Path conf)
            throws IOException {
        List<String> command = new ArrayList<>(jvmArgs);
        // The client speaks plaintext; the default "permissive" TLS mode would only spend seconds of a busy
        // box's start-up generating a throwaway self-signed certificate.
        command.add("-Dtls.server.mode=disabled");
        command.add("-cp");
        command.add(lib.toAbsolutePath() + "/*");
        command.add(mainClass);
        command.add("-c");
        command.add(conf.toString());
        // Both start-up classes refuse to run without ROCKETMQ_HOME.
        return ClusterProcess.start(name, command, dir, Map.of("ROCKETMQ_HOME", homeOf(name).toString()));
    }

    private static void writeProperties(Path file, Map<String, String> values) throws IOException {
        Files.writeString(file, values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
    }
}
