package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.failover.GroupControl;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.reconcile.DrainCoordinator;
import io.cometmq.operator.reconcile.DrainProgress;
import io.cometmq.protocol.body.RuntimeInfoKeys;
import io.cometmq.operator.status.RegistrationPoller;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a cluster's NameServers and brokers what the reconciler cannot see in the Kubernetes API. Every call is
 * bounded by the remoting timeout; this runs on the probe threads of {@link ClusterProbes}, never in reconcile().
 *
 * <p>Two steps have an effect: a group named in cometmq.io/drain-group is made read-only here (idempotent, as the
 * user asked) and its backlog measured; and the failover controller ({@link FailoverProbe}, when wired) runs one
 * round per group. A paused cluster is observed but neither drained nor failed over.
 */
public final class ClusterProber {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterProber.class);

    private final RegistrationPoller registrations;
    private final DrainCoordinator drains;
    private final BrokerRuntimeSource brokers;
    private final String clusterDomain;
    private final FailoverProbe failover;
    private final ClusterScope scope;

    public ClusterProber(RegistrationPoller registrations, DrainCoordinator drains, BrokerRuntimeSource brokers,
            String clusterDomain) {
        this(registrations, drains, brokers, clusterDomain, null);
    }

    /** @param failover the failover controller's probe step, or null to leave failover off */
    public ClusterProber(RegistrationPoller registrations, DrainCoordinator drains, BrokerRuntimeSource brokers,
            String clusterDomain, FailoverProbe failover) {
        this(registrations, drains, brokers, clusterDomain, failover, ClusterScope.NONE);
    }

    /** @param scope puts the cluster's credentials and TLS trust in force for every request of one probe */
    public ClusterProber(RegistrationPoller registrations, DrainCoordinator drains, BrokerRuntimeSource brokers,
            String clusterDomain, FailoverProbe failover, ClusterScope scope) {
        this.registrations = registrations;
        this.drains = drains;
        this.brokers = brokers;
        this.clusterDomain = clusterDomain;
        this.failover = failover;
        this.scope = scope;
    }

    public ClusterProbe probe(BrokerCluster cluster) {
        return scope.within(cluster, () -> probeWithinScope(cluster));
    }

    private ClusterProbe probeWithinScope(BrokerCluster cluster) {
        Names names = new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(), clusterDomain);
        int nameServers = cluster.getSpec().getNameServer().getReplicas();
        Optional<Set<String>> registered = registrations.poll(names.nameServerAddresses(nameServers));
        boolean paused = Annotations.paused(cluster);
        Map<String, Map<String, String>> runtime = runtimeInfo(cluster, names);
        Map<Integer, GroupControl> control = failover == null || paused ? Map.of()
                : failover.run(cluster, names, runtime);
        // the backlog is asked where the consumer offsets are current: the pod that is master now
        Map<Integer, String> masters = new TreeMap<>();
        control.forEach((group, c) -> {
            if (c.master() != null) {
                masters.put(group, c.master());
            }
        });
        Map<Integer, DrainProgress> drained = paused ? Map.of() : drains.step(cluster, names, masters);
        return new ClusterProbe(registered, drained, nofileLimits(runtime), control);
    }

    /** Runtime info of every broker pod the spec expects and that answered, by pod name; asked once per probe. */
    private Map<String, Map<String, String>> runtimeInfo(BrokerCluster cluster, Names names) {
        Map<String, Map<String, String>> answers = new LinkedHashMap<>();
        int groups = cluster.getSpec().getBroker().getGroups();
        int slaves = cluster.getSpec().getBroker().getSlavesPerGroup();
        for (int g = 0; g < groups; g++) {
            for (BrokerRole role : BrokerRole.values()) {
                for (int ordinal = 0; ordinal < (role == BrokerRole.MASTER ? 1 : slaves); ordinal++) {
                    String pod = names.brokerPod(g, role, ordinal);
                    runtimeInfo(names.brokerAddress(g, role, ordinal)).ifPresent(info -> answers.put(pod, info));
                }
            }
        }
        return answers;
    }

    private static Map<String, Long> nofileLimits(Map<String, Map<String, String>> runtime) {
        Map<String, Long> limits = new LinkedHashMap<>();
        runtime.forEach((pod, info) -> {
            String value = info.get(RuntimeInfoKeys.NOFILE_LIMIT);
            try {
                if (value != null) {
                    limits.put(pod, Long.parseLong(value));
                }
            } catch (NumberFormatException e) {
                LOG.debug("broker pod {} reported nofileLimit '{}'", pod, value);
            }
        });
        return limits;
    }

    private Optional<Map<String, String>> runtimeInfo(String address) {
        try {
            return Optional.of(brokers.runtimeInfo(address));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.debug("broker {} did not answer runtime info: {}", address, e.toString());
            return Optional.empty();
        }
    }

}
