package io.cometmq.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.testing.JvmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * A NameServer JVM and one broker group (a master, optionally a slave) as JVMs on 127.0.0.1, each broker with its
 * gRPC endpoint on. The intervals the gRPC scenarios wait on are lowered so the suite stays fast: the shortest
 * receive invisible time (1 s instead of 10 s), the long polls (1-2 s instead of 5-20 s), revive scans,
 * transaction check-backs, offset flushes and the slave's metadata copies.
 */
final class SdkCluster implements AutoCloseable {

    static final String CLUSTER = "SdkCluster";
    static final Map<String, String> FAST = Map.of(
            "minInvisibleTimeMillsForRecv", "1000",
            "grpcClientConsumerMinLongPollingTimeoutMillis", "1000",
            // push consumers long-poll this long (Settings); closing one waits for its polls to end
            "grpcClientConsumerMaxLongPollingTimeoutMillis", "2000",
            "reviveInterval", "200",
            "transactionCheckInterval", "500",
            "transactionTimeOut", "1000",
            "flushConsumerOffsetInterval", "500",
            "slaveMetadataSyncInterval", "500");

    final String brokerName;
    private final JvmProcess nameServer;
    private final int nameServerPort = Ports.free();
    private final BrokerNode first;
    private final BrokerNode slave;
    private BrokerNode master;
    private RemotingAdmin admin;

    private SdkCluster(Path relativeDir, String brokerName, boolean withSlave) throws Exception {
        this.brokerName = brokerName;
        Path dir = relativeDir.toAbsolutePath(); // the JVMs run in their own directories
        nameServer = new JvmProcess(JvmProcess.jar("nameserver.jar"), dir.resolve("namesrv"), "namesrv");
        nameServer.start(List.of("--listen-host", "127.0.0.1", "--listen-port", Integer.toString(nameServerPort)),
                "listening on");
        first = new BrokerNode(dir, "master", settings("ASYNC_MASTER", "0")).start();
        master = first;
        slave = withSlave ? new BrokerNode(dir, "slave", settings("SLAVE", "1")).start() : null;
        admin = new RemotingAdmin(nameServer());
    }

    /** NameServer and a single master. */
    static SdkCluster single(Path dir, String brokerName) throws Exception {
        return new SdkCluster(dir, brokerName, false);
    }

    /** NameServer, master and slave (ASYNC replication). */
    static SdkCluster masterSlave(Path dir, String brokerName) throws Exception {
        return new SdkCluster(dir, brokerName, true);
    }

    private Map<String, String> settings(String role, String id) {
        Map<String, String> settings = new LinkedHashMap<>(FAST);
        settings.put("brokerClusterName", CLUSTER);
        settings.put("brokerName", brokerName);
        settings.put("brokerRole", role);
        settings.put("brokerId", id);
        settings.put("namesrvAddr", nameServer());
        return settings;
    }

    String nameServer() {
        return "127.0.0.1:" + nameServerPort;
    }

    /** The broker that is master now (the promoted slave after {@link #failOver()}). */
    BrokerNode master() {
        return master;
    }

    /** The gRPC endpoint SDK clients are given: the current master's. */
    String endpoint() {
        return master.grpcEndpoint();
    }

    RemotingAdmin admin() {
        return admin;
    }

    /** A topic of the given message type (NORMAL, FIFO, DELAY, TRANSACTION) on the current master, 4 queues. */
    void createTopic(String topic, String type) throws Exception {
        admin.createTopic(master.address(), brokerName, topic, type, 4);
    }

    void createGroup(String group, boolean orderly) throws Exception {
        admin.createGroup(master.address(), group, orderly);
    }

    /** SIGKILL of the master, then a restart on the same ports and store. */
    void restartMaster() throws Exception {
        master.kill();
        master.start();
    }

    /** Waits until the slave holds the master's whole commit log. */
    void awaitSlaveCaughtUp() {
        await("slave caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    Map<String, String> s = admin.runtime(slave.address());
                    return "true".equals(s.get("haMasterConnected"))
                            && s.get("commitLogMaxOffset").equals(admin.runtime(master.address()).get("commitLogMaxOffset"))
                            && "0".equals(s.get("haReplicationLagBytes"));
                });
    }

    /**
     * The master is killed (SIGKILL) and the caught-up slave promoted (PROMOTE_SLAVE_TO_MASTER, no force), as the
     * operator's failover does; returns once the NameServer routes {@code topic} to the promoted broker.
     */
    void failOver(String topic) throws Exception {
        assertThat(slave).as("a master/slave cluster").isNotNull();
        awaitSlaveCaughtUp();
        master.kill();
        await("slave sees its master gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> "false".equals(admin.runtime(slave.address()).get("haMasterConnected")));
        RemotingCommand promoted = admin.promote(slave.address(), "ASYNC_MASTER");
        assertThat(promoted.getCode()).as("promotion: %s", promoted.getRemark()).isZero();
        master = slave;
        // the remoting client keeps its cached route: a fresh admin client asks the NameServer again
        admin.close();
        admin = new RemotingAdmin(nameServer());
        await("route of " + topic + " names the promoted broker").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> slave.address().equals(admin.brokerAddrs(topic, brokerName).get(0L)));
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        if (slave != null) {
            slave.close();
        }
        first.close();
        nameServer.close();
    }
}
