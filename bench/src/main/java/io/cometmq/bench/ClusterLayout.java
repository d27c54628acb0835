package io.cometmq.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start for one measurement: a NameServer plus brokers, each described with RocketMQ's own
 * broker config keys. The harness adds the per-process keys (ports, paths, namesrvAddr) itself, so a
 * layout only says what differs between scenarios (roles, flush type, ...).
 */
public record ClusterLayout(String clusterName, String description, List<BrokerNode> brokers) {

    public static final String CLUSTER_NAME = "BenchCluster";

    /** The layouts the CLI can select; each is built per flush mode. */
    public enum Kind {
        SINGLE,
        ASYNC_MASTER_SLAVE,
        SYNC_MASTER_SLAVE;

        public ClusterLayout build(FlushDiskType flush) {
            return switch (this) {
                case SINGLE -> singleMaster(flush);
                case ASYNC_MASTER_SLAVE -> masterSlave("ASYNC_MASTER", flush);
                case SYNC_MASTER_SLAVE -> masterSlave("SYNC_MASTER", flush);
            };
        }
    }

    /** One broker process; brokers sharing a brokerName form a group whose master has brokerId 0. */
    public record BrokerNode(String brokerName, int brokerId, Map<String, String> config) {
        public BrokerNode {
            config = Map.copyOf(config);
        }

        public boolean isMaster() {
            return brokerId == 0;
        }

        public String id() {
            return brokerName + "-" + brokerId;
        }
    }

    public ClusterLayout {
        brokers = List.copyOf(brokers);
    }

    /** The layout of the flush benchmarks: a single ASYNC_MASTER, no replication. */
    public static ClusterLayout singleMaster(FlushDiskType flush) {
        return new ClusterLayout(CLUSTER_NAME, "one ASYNC_MASTER broker",
                List.of(new BrokerNode("broker-a", 0, brokerConfig("ASYNC_MASTER", flush))));
    }

    /** One master and one slave in the same group, for the ASYNC_MASTER vs SYNC_MASTER comparison. */
    public static ClusterLayout masterSlave(String masterRole, FlushDiskType flush) {
        return new ClusterLayout(CLUSTER_NAME, "a " + masterRole + " broker with one SLAVE", List.of(
                new BrokerNode("broker-a", 0, brokerConfig(masterRole, flush)),
                new BrokerNode("broker-a", 1, brokerConfig("SLAVE", flush))));
    }

    public List<BrokerNode> masters() {
        return brokers.stream().filter(BrokerNode::isMaster).toList();
    }

    private static Map<String, String> brokerConfig(String role, FlushDiskType flush) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("brokerRole", role);
        config.put("flushDiskType", flush.name());
        // Topics are created explicitly with the same queue count on every target.
        config.put("autoCreateTopicEnable", "false");
        return config;
    }
}
