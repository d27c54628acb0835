package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.metrics.OperatorMetrics;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one drain step for every group that cometmq.io/drain-group names: make it read-only, then measure the
 * backlog. A group is Drained when the backlog is zero; only then may it be removed (ClusterApply looks only at
 * groups that exist).
 */
public final class DrainCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(DrainCoordinator.class);

    private final GroupDrainer drainer;
    private final OperatorMetrics metrics;
    /** The last state of each drain, by "namespace/cluster/group": a drain is counted once, when it ends. */
    private final Map<String, DrainProgress.State> last = new ConcurrentHashMap<>();

    public DrainCoordinator(GroupDrainer drainer) {
        this(drainer, OperatorMetrics.none());
    }

    /** @param metrics counts drains when they end (cometmq_operator_drains_total: drained or failed) */
    public DrainCoordinator(GroupDrainer drainer, OperatorMetrics metrics) {
        this.drainer = drainer;
        this.metrics = metrics;
    }

    public Map<Integer, DrainProgress> step(BrokerCluster cluster, Names names) {
        return step(cluster, names, Map.of());
    }

    /**
     * @param masterPods the pod that is master of each group (role assignment), so that the backlog is asked where
     *                   the consumer offsets are current; a group without an entry asks its master StatefulSet's pod
     */
    public Map<Integer, DrainProgress> step(BrokerCluster cluster, Names names, Map<Integer, String> masterPods) {
        Map<Integer, DrainProgress> progress = new TreeMap<>();
        for (int group : DrainRequest.groups(cluster)) {
            DrainTarget target = target(cluster, names, group, masterPods.get(group));
            try {
                drainer.makeReadOnly(target);
                long backlog = drainer.backlog(target);
                progress.put(group, backlog == 0
                        ? new DrainProgress(group, DrainProgress.State.Drained, 0L, "Group " + group + " is read-only and has no backlog.")
                        : new DrainProgress(group, DrainProgress.State.Draining, backlog,
                                "Group " + group + " is read-only; " + backlog + " messages left to consume."));
            } catch (DrainStatusUnknownException e) {
                LOG.warn("{}/{} drain status of group {} unknown: {}", names.namespace(), names.cluster(), group, e.getMessage());
                progress.put(group, new DrainProgress(group, DrainProgress.State.Failed, null,
                        "Drain status of group " + group + " is unknown, so it is kept: " + e.getMessage() + "."));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("{}/{} draining group {} failed: {}", names.namespace(), names.cluster(), group, e.toString());
                progress.put(group, new DrainProgress(group, DrainProgress.State.Failed, null,
                        "Draining group " + group + " failed: " + e.getMessage()));
            }
        }
        count(names, progress);
        return progress;
    }

    /** Counts each drain that just reached Drained or Failed; forgets the groups no longer named. */
    private void count(Names names, Map<Integer, DrainProgress> progress) {
        String prefix = names.namespace() + "/" + names.cluster() + "/";
        last.keySet().removeIf(key -> key.startsWith(prefix)
                && !progress.containsKey(Integer.parseInt(key.substring(prefix.length()))));
        progress.forEach((group, p) -> {
            DrainProgress.State before = last.put(prefix + group, p.state());
            if (p.state() != before && p.state() != DrainProgress.State.Draining) {
                metrics.drain(names.namespace(), names.cluster(), names.brokerName(group), p.drained());
            }
        });
    }

    /** Every broker of the group, the one that is master first (after a failover a pod of the slave StatefulSet). */
    static DrainTarget target(BrokerCluster cluster, Names names, int group, String masterPod) {
        List<String> addresses = new ArrayList<>();
        addresses.add(names.brokerAddress(group, BrokerRole.MASTER, 0));
        for (int i = 0; i < cluster.getSpec().getBroker().getSlavesPerGroup(); i++) {
            addresses.add(names.brokerAddress(group, BrokerRole.SLAVE, i));
        }
        names.brokerPodSlot(group, masterPod)
                .map(slot -> names.brokerAddress(group, slot.role(), slot.ordinal()))
                .filter(addresses::remove)
                .ifPresent(master -> addresses.add(0, master));
        return new DrainTarget(names.namespace(), names.cluster(), group, names.brokerName(group), addresses,
                names.nameServerAddress(cluster.getSpec().getNameServer().getReplicas()));
    }
}
