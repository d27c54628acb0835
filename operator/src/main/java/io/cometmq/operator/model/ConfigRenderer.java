package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.crd.FailoverSpec;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.operator.crd.ReplicationMode;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.crd.TlsSpec;
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
 * {@code COMETMQ_ADVERTISED_HOST}, and {@code COMETMQ_MEMBER_NAME} (the pod name) overrides memberName (see
 * docs/OPERATOR.md, "Broker image contract"). Who is master is not in this file but in the role file
 * ({@link #ROLE_FILE}, the group's role ConfigMap): a failover changes that file and must not roll pods.
 */
public final class ConfigRenderer {
    public static final String NAMESERVER_FILE = "namesrv.conf";
    public static final String STORE_ROOT = "/var/lib/cometmq/store";
    /** Where the role ConfigMap is mounted (BrokerGroupModel) and its one key. */
    public static final String ROLE_DIR = "/etc/cometmq/role";
    public static final String ROLE_KEY = "role.properties";
    public static final String ROLE_FILE = ROLE_DIR + "/" + ROLE_KEY;
    /** masterLeaseMillis bounds: at most the broker's default, at least enough for a few heartbeat rounds. */
    static final long MAX_LEASE_MILLIS = 10_000;
    static final long MIN_LEASE_MILLIS = 3_000;

    private ConfigRenderer() {}

    public static String nameServerConfig(BrokerCluster cluster) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("listenPort", Integer.toString(Ports.NAMESERVER));
        keys.putAll(securityKeys(cluster, false));
        keys.putAll(metricsKeys(cluster));
        keys.putAll(ExternalAccessModel.nameServerKeys(cluster));
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
        keys.put("roleFile", ROLE_FILE);
        keys.put("memberName", names.brokerPod(group, role, ordinal));
        keys.put("masterLeaseMillis", Long.toString(masterLeaseMillis(broker.getFailover())));
        keys.putAll(securityKeys(cluster, true));
        keys.putAll(metricsKeys(cluster));
        keys.put(BrokerConfigKeys.GRPC_SERVER_PORT.name(), Integer.toString(grpcServerPort(cluster)));
        keys.putAll(ExternalAccessModel.brokerKeys(cluster));
        // Extras sorted so that map order in the user's YAML never changes the hash. The owned keys (above) are
        // marked in BrokerConfigKeys; SpecChecker refuses them in spec.broker.config, and they never override ours.
        new TreeMap<>(broker.getConfig()).forEach((key, value) -> {
            if (!BrokerConfigKeys.operatorOwnedNames().contains(key)) {
                keys.put(key, value);
            }
        });
        return keys;
    }

    /**
     * Authentication and TLS keys of spec.security (operator-owned; the credentials themselves come from env vars,
     * see SecurityPods, never from this file). Nothing for a cluster without spec.security, so its file is unchanged.
     */
    static Map<String, String> securityKeys(BrokerCluster cluster, boolean broker) {
        SecuritySpec security = cluster.getSpec().getSecurity();
        Map<String, String> keys = new LinkedHashMap<>();
        if (security == null) {
            return keys;
        }
        if (security.authenticationEnabled()) {
            keys.put(BrokerConfigKeys.AUTHENTICATION_ENABLED.name(), "true");
        }
        if (broker && security.authorizationEnabled()) {
            keys.put(BrokerConfigKeys.AUTHORIZATION_ENABLED.name(), "true");
        }
        TlsSpec tls = security.getTls();
        if (tls != null) {
            TlsSpec.TlsModeSpec mode = tls.getMode() == null ? TlsSpec.TlsModeSpec.enforcing : tls.getMode();
            keys.put(BrokerConfigKeys.TLS_SERVER_MODE.name(), mode.name());
            keys.put(BrokerConfigKeys.TLS_SERVER_CERT_PATH.name(), SecurityPods.TLS_DIR + "/" + SecurityPods.TLS_CERT);
            keys.put(BrokerConfigKeys.TLS_SERVER_KEY_PATH.name(), SecurityPods.TLS_DIR + "/" + SecurityPods.TLS_KEY);
            keys.put(BrokerConfigKeys.TLS_ENABLE.name(), "true");
            keys.put(BrokerConfigKeys.TLS_CLIENT_AUTH_SERVER.name(), "true");
            keys.put(BrokerConfigKeys.TLS_CLIENT_TRUST_CERT_PATH.name(),
                    SecurityPods.TLS_DIR + "/" + SecurityPods.CA_CERT);
        }
        return keys;
    }

    /**
     * The metrics keys of spec.monitoring (operator-owned; brokers and NameServers read the same names). The endpoint
     * binds 0.0.0.0, not the default (empty: brokerIP1): brokerIP1 is the pod's DNS name, which resolves to the pod
     * IP, so Prometheus could scrape it, but {@code kubectl port-forward} connects to localhost inside the pod and
     * would be refused. Every address of the pod serves the same /metrics, which holds no secret.
     */
    static Map<String, String> metricsKeys(BrokerCluster cluster) {
        MonitoringSpec monitoring = MonitoringSpec.of(cluster.getSpec());
        Map<String, String> keys = new LinkedHashMap<>();
        if (!monitoring.isEnabled()) {
            keys.put(BrokerConfigKeys.METRICS_EXPORTER_TYPE.name(), "DISABLE");
            return keys;
        }
        keys.put(BrokerConfigKeys.METRICS_EXPORTER_TYPE.name(), "PROM");
        keys.put(BrokerConfigKeys.METRICS_PROM_EXPORTER_HOST.name(), "0.0.0.0");
        keys.put(BrokerConfigKeys.METRICS_PROM_EXPORTER_PORT.name(), Integer.toString(monitoring.getPort()));
        return keys;
    }

    /**
     * grpcServerPort of spec.grpc (operator-owned): the port of the container port {@code grpc}, or -1 (no endpoint)
     * while spec.grpc is off. Always rendered, so a broker never falls back to a default the operator did not choose.
     */
    static int grpcServerPort(BrokerCluster cluster) {
        GrpcSpec grpc = GrpcSpec.of(cluster.getSpec());
        return grpc.isEnabled() ? grpc.getPort() : -1;
    }

    /**
     * A master stops taking writes this long after a NameServer last confirmed it, so it must expire well before the
     * operator promotes another pod: a third of unavailableFor, at most 10 s, at least 3 s.
     */
    public static long masterLeaseMillis(FailoverSpec failover) {
        long third = (failover == null ? new FailoverSpec() : failover).unavailableFor().toMillis() / 3;
        return Math.max(MIN_LEASE_MILLIS, Math.min(MAX_LEASE_MILLIS, third));
    }

    /** The role a master of this cluster takes (the role file's masterRole). */
    public static String masterRole(ReplicationMode mode) {
        return brokerRole(mode, BrokerRole.MASTER);
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
