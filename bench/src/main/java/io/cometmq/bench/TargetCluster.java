package io.cometmq.bench;

import io.cometmq.bench.ClusterLayout.BrokerNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A NameServer plus the brokers of a {@link ClusterLayout}, each a child JVM on loopback. Subclasses only
 * know how their product is launched; start-up order, readiness and clean-up live here.
 */
abstract class TargetCluster implements AutoCloseable {

    private static final Set<TargetCluster> OPEN = ConcurrentHashMap.newKeySet();

    static {
        // Ctrl-C or an uncaught failure must not leave brokers behind (only SIGKILL of the driver can).
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> List.copyOf(OPEN).forEach(TargetCluster::close), "bench-cluster-reaper"));
    }

    protected final ClusterLayout layout;
    protected final Path dir;
    protected final JvmSettings jvm;
    private final List<ClusterProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private String namesrvAddr;
    private ClusterProcess nameServerProcess;
    private Map<String, String> masterAddrs = Map.of();
    private final List<String> grpcEndpoints = new ArrayList<>();

    protected TargetCluster(ClusterLayout layout, Path dir, JvmSettings jvm) {
        this.layout = layout;
        this.dir = dir;
        this.jvm = jvm;
    }

    abstract Target target();

    protected abstract ClusterProcess launchNameServer(int port) throws IOException;

    protected abstract ClusterProcess launchBroker(BrokerNode node, Map<String, String> config)
            throws IOException;

    /** Starts everything and returns once the NameServer lists every broker, or throws. */
    final void start(Duration timeout) throws Exception {
        OPEN.add(this);
        Files.createDirectories(dir);
        Instant deadline = Instant.now().plus(timeout);

        int nsPort = LoopbackPorts.nameServerPort();
        ClusterProcess nameServer = track(launchNameServer(nsPort));
        nameServerProcess = nameServer;
        nameServer.awaitPort(nsPort, deadline);
        namesrvAddr = "127.0.0.1:" + nsPort;

        for (BrokerNode node : layout.brokers()) {
            int port = LoopbackPorts.brokerPort();
            Map<String, String> config = brokerConfig(node, port);
            int grpcPort = target().grpc() && node.isMaster() ? LoopbackPorts.grpcPort() : -1;
            if (grpcPort > 0) {
                // CometMQ's broker key; ApacheRocketMqCluster moves it into the proxy's own configuration
                config.put("grpcServerPort", Integer.toString(grpcPort));
            }
            ClusterProcess broker = track(launchBroker(node, config));
            broker.awaitPort(port, deadline);
            if (grpcPort > 0) {
                broker.awaitPort(grpcPort, deadline);
                grpcEndpoints.add("127.0.0.1:" + grpcPort);
            }
        }
        try (ClusterAdmin admin = admin("bench-admin-wait")) {
            masterAddrs = admin.awaitBrokers(layout, deadline, this::ensureAlive);
        }
    }

    String namesrvAddr() {
        return namesrvAddr;
    }

    /** brokerName -> master address, as registered with the NameServer. */
    Map<String, String> masterAddrs() {
        return masterAddrs;
    }

    /** The masters' gRPC endpoints (gRPC targets only), {@code host:port;host:port} as the SDK takes them. */
    String grpcEndpoints() {
        return String.join(";", grpcEndpoints);
    }

    ClusterAdmin admin(String instanceName) throws Exception {
        return admin(instanceName, 5_000);
    }

    ClusterAdmin admin(String instanceName, long timeoutMillis) throws Exception {
        return new ClusterAdmin(namesrvAddr, instanceName + "-" + System.nanoTime(),
                target().acl() ? BenchAuth.adminHook() : null, timeoutMillis);
    }

    void ensureAlive() throws ClusterProcess.StartupException {
        for (ClusterProcess process : List.copyOf(processes)) {
            process.ensureAlive();
        }
    }

    /** The brokers' Prometheus endpoints, when the target serves metrics. */
    List<String> metricsEndpoints() {
        return List.of();
    }

    List<ClusterProcess> processes() {
        return List.copyOf(processes);
    }

    List<Long> nameServerPids() {
        return nameServerProcess == null ? List.of() : List.of(nameServerProcess.pid());
    }

    /** Every broker JVM (masters and slaves; for Apache's gRPC target the proxy that embeds the broker). */
    List<Long> brokerPids() {
        return processes().stream().filter(p -> p != nameServerProcess).map(ClusterProcess::pid).toList();
    }

    List<Path> brokerStoreDirs() {
        return layout.brokers().stream().map(this::storeDir).toList();
    }

    /** The keys every broker gets, in RocketMQ's names; the layout's own keys come last and win. */
    protected Map<String, String> brokerConfig(BrokerNode node, int listenPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("brokerClusterName", layout.clusterName());
        config.put("brokerName", node.brokerName());
        config.put("brokerId", Integer.toString(node.brokerId()));
        config.put("namesrvAddr", namesrvAddr);
        config.put("brokerIP1", "127.0.0.1");
        config.put("listenPort", Integer.toString(listenPort));
        config.put("storePathRootDir", storeDir(node).toString());
        config.putAll(node.config());
        return config;
    }

    /** A process's own user.home (and ROCKETMQ_HOME): its logs stay apart from its neighbours'. */
    protected Path homeOf(String processName) throws IOException {
        Path home = dir.resolve("home").resolve(processName);
        Files.createDirectories(home.resolve("tmp"));
        return home;
    }

    protected Path storeDir(BrokerNode node) {
        return dir.resolve("store-" + node.id());
    }

    private ClusterProcess track(ClusterProcess process) {
        processes.add(process);
        return process;
    }

    /** Brokers first (they deregister from a live NameServer), then the NameServer; then the stores. */
    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        List<ClusterProcess> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        reversed.forEach(ClusterProcess::close);
        layout.brokers().forEach(node -> deleteRecursively(storeDir(node)));
        try (Stream<Path> homes = Files.list(dir.resolve("home"))) {
            homes.forEach(home -> deleteRecursively(home.resolve("tmp")));
        } catch (IOException noHomes) {
            // nothing was started
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[bench] could not delete " + path + ": " + e.getMessage());
        }
    }
}
