package io.cometmq.bench;

import io.cometmq.bench.ClusterLayout.BrokerNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Apache RocketMQ from the jars resolved by the bench build, started the way mqnamesrv/mqbroker do: the --peer
 * version (5.5.0 or 5.3.3) for {@link Target#APACHE}; for {@link Target#APACHE_GRPC} 5.5.0, whose masters run as
 * {@code mqbroker --enable-proxy} does, i.e. the proxy in local mode embedding the broker
 * ({@code ProxyStartup -pm local -bc broker.conf}).
 */
final class ApacheRocketMqCluster extends TargetCluster {

    private final Path lib;
    private final Target target;

    ApacheRocketMqCluster(ClusterLayout layout, Path dir, JvmSettings jvm, Path lib, Target target) {
        super(layout, dir, jvm);
        this.lib = lib;
        this.target = target;
    }

    /** Null when the target's jars are present, else why Apache cannot be benchmarked. */
    static String unavailableReason(Target target, Path lib, String peer) {
        String jar = target == Target.APACHE_GRPC ? "rocketmq-proxy-5.5.0.jar" : "rocketmq-broker-" + peer + ".jar";
        if (!Files.isRegularFile(lib.resolve(jar))) {
            return jar + " not found in " + lib + " (build the bench module first)";
        }
        return null;
    }

    @Override
    Target target() {
        return target;
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
        if (config.containsKey("grpcServerPort")) {
            return launchProxy(node, config);
        }
        Path conf = dir.resolve("broker-" + node.id() + ".conf");
        writeProperties(conf, config);
        String name = "broker-" + node.id();
        return launch(name, jvm.broker(homeOf(name)), "org.apache.rocketmq.broker.BrokerStartup", conf);
    }

    /**
     * A master with Apache's gRPC endpoint: the proxy (local mode) with its own rmq-proxy.json (gRPC port, cluster,
     * NameServer) and the embedded broker's broker.conf.
     */
    private ClusterProcess launchProxy(BrokerNode node, Map<String, String> config) throws IOException {
        Map<String, String> brokerConf = new LinkedHashMap<>(config);
        String grpcPort = brokerConf.remove("grpcServerPort");
        Path conf = dir.resolve("broker-" + node.id() + ".conf");
        writeProperties(conf, brokerConf);
        Path proxyConf = dir.resolve("rmq-proxy-" + node.id() + ".json");
        Files.writeString(proxyConf, String.format(Locale.ROOT, "{\"rocketMQClusterName\": \"%s\", \"proxyMode\": "
                        + "\"LOCAL\", \"grpcServerPort\": %s, \"remotingListenPort\": %d, \"namesrvAddr\": \"%s\"}%n",
                config.get("brokerClusterName"), grpcPort, LoopbackPorts.proxyRemotingPort(), config.get("namesrvAddr")));
        String name = "proxy-" + node.id();
        List<String> command = new ArrayList<>(jvm.broker(homeOf(name)));
        command.add("-Dtls.server.mode=disabled"); // as for the 5.3.3 broker; the SDK runs with enableSsl(false)
        command.add("-cp");
        command.add(lib.toAbsolutePath() + "/*");
        command.add("org.apache.rocketmq.proxy.ProxyStartup");
        command.addAll(List.of("-pm", "local", "-bc", conf.toString(), "-pc", proxyConf.toString()));
        // RMQ_PROXY_HOME defaults to ROCKETMQ_HOME (logs, and conf/ when -pc were missing)
        return ClusterProcess.start(name, command, dir, Map.of("ROCKETMQ_HOME", homeOf(name).toString()));
    }

    @Override
    protected Map<String, String> brokerConfig(BrokerNode node, int listenPort) {
        Map<String, String> config = super.brokerConfig(node, listenPort);
        // Apache binds 0.0.0.0 unless told otherwise; the benchmark stays on loopback.
        config.put("bindAddress", "127.0.0.1");
        if ("SYNC_MASTER".equals(config.get("brokerRole"))) {
            // RocketMQ 5 (RIP-34) counts the master among the in-sync replicas and defaults both counts to 1, so a
            // SYNC_MASTER with the defaults acknowledges sends without waiting for its slave. CometMQ's SYNC_MASTER
            // waits for the slave (the 4.x meaning), so Apache is told to wait too: like for like.
            config.put("totalReplicas", "2");
            config.put("inSyncReplicas", "2");
        }
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
