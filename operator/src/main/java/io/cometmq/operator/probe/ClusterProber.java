package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerCluster;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a cluster's NameServers and brokers what the reconciler cannot see in the Kubernetes API. Every call is
 * bounded by the remoting timeout; this runs on the probe threads of {@link ClusterProbes}, never in reconcile().
 *
 * <p>Draining is the one step with an effect: a group named in cometmq.io/drain-group is made read-only here
 * (idempotent, as the user asked) and its backlog measured. A paused cluster is observed but not drained.
 */
public final class ClusterProber {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterProber.class);

    private final RegistrationPoller registrations;
    private final DrainCoordinator drains;
    private final BrokerRuntimeSource brokers;
    private final String clusterDomain;

    public ClusterProber(RegistrationPoller registrations, DrainCoordinator drains, BrokerRuntimeSource brokers,
            String clusterDomain) {
        this.registrations = registrations;
        this.drains = drains;
        this.brokers = brokers;
        this.clusterDomain = clusterDomain;
    }

    public ClusterProbe probe(BrokerCluster cluster) {
        Names names = new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(), clusterDomain);
        int nameServers = cluster.getSpec().getNameServer().getReplicas();
        Optional<Set<String>> registered = registrations.poll(names.nameServerAddresses(nameServers));
        Map<Integer, DrainProgress> drained = Annotations.paused(cluster) ? Map.of()
                : drains.step(cluster, names);
        return new ClusterProbe(registered, drained, nofileLimits(cluster, names), Map.of());
    }

    private Map<String, Long> nofileLimits(BrokerCluster cluster, Names names) {
        Map<String, Long> limits = new LinkedHashMap<>();
        int groups = cluster.getSpec().getBroker().getGroups();
        int slaves = cluster.getSpec().getBroker().getSlavesPerGroup();
        for (int g = 0; g < groups; g++) {
            for (BrokerRole role : BrokerRole.values()) {
                for (int ordinal = 0; ordinal < (role == BrokerRole.MASTER ? 1 : slaves); ordinal++) {
                    String pod = names.brokerPod(g, role, ordinal);
                    nofileLimit(names.brokerAddress(g, role, ordinal))
                            .ifPresent(limit -> limits.put(pod, limit));
                }
            }
        }
        return limits;
    }

    private Optional<Long> nofileLimit(String address) {
        try {
            String value = brokers.runtimeInfo(address).get(RuntimeInfoKeys.NOFILE_LIMIT);
            return value == null ? Optional.empty() : Optional.of(Long.parseLong(value));
        } catch (UnsupportedOperationException | NumberFormatException e) {
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
