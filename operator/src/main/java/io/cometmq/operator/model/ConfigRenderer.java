package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.crd.ReplicationMode;
import io.cometmq.protocol.config.BrokerConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders namesrv.conf and broker.conf (Java properties, RocketMQ key names) from a BrokerCluster.
 * Pure and deterministic: the same spec gives the same bytes, so the text's hash can roll pods.
 *
 * <p>A broker file is rendered per role for ordinal 0. Slave pods 1..n use the same file: the broker
 * entrypoint replaces brokerId with {@code COMETMQ_BROKER_ID_BASE + ordinal} and brokerIP1 with
 * {@code COMETMQ_ADVERTISED_HOST} (see docs/OPERATOR.md, "Broker image contract").
 */
public final class ConfigRenderer {
    public static final String NAMESERVER_FILE = "namesrv.conf";
    public static final String STORE_ROOT = "/var/lib/cometmq/store";

    private ConfigRenderer() {}

    public static String nameServerConfig(BrokerCluster cluster) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("listenPort", Integer.toString(Ports.NAMESERVER));
        return render("NameServer of " + cluster.getMetadata().getName(), keys);
    }

    public static String brokerConfig(BrokerCluster cluster, Names names, int group, BrokerRole role) {
        return render("broker group " + group + ", " + role.suffix(), brokerKeys(cluster, names, group, role, 0));
    }

    /** The full key set of one broker pod; the ConfigMap holds ordinal 0 of each role. */
    public static Map<String, String> brokerKeys(BrokerCluster cluster, Names names, int group, BrokerRole role,
            int ordinal) {
        BrokerSpec broker = cluster.getSpec().getBroker();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("brokerClusterName", names.cluster());
        keys.put("brokerName", names.brokerName(group));
        keys.put("brokerId", Integer.toString(role.brokerId(ordinal)));
        keys.put("namesrvAddr", names.nameServerAddress(cluster.getSpec().getNameServer().getReplicas()));
        keys.put("brokerIP1", names.brokerHost(group, role, ordinal));
        keys.put("listenPort", Integer.toString(Ports.BROKER_REMOTING));
        keys.put("storePathRootDir", STORE_ROOT);
        keys.put("brokerRole", brokerRole(broker.getReplicationMode(), role));
        keys.put("flushDiskType", broker.getFlushDiskType().name());
        // Extras sorted so that map order in the user's YAML never changes the hash. The owned keys (above) are
        // marked in BrokerConfigKeys; SpecChecker refuses them in spec.broker.config, and they never override ours.
        new TreeMap<>(broker.getConfig()).forEach((key, value) -> {
            if (!BrokerConfigKeys.operatorOwnedNames().contains(key)) {
                keys.put(key, value);
            }
        });
        return keys;
    }

    static String brokerRole(ReplicationMode mode, BrokerRole role) {
        if (role == BrokerRole.SLAVE) {
            return "SLAVE";
        }
        return mode == ReplicationMode.SYNC ? "SYNC_MASTER" : "ASYNC_MASTER";
    }

    private static String render(String what, Map<String, String> keys) {
        StringBuilder text = new StringBuilder("# Rendered by cometmq-operator for ").append(what)
                .append(". Edit the BrokerCluster, not this file.\n");
        keys.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
