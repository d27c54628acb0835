package io.cometmq.operator.controller;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.FailoverStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.reconcile.ClusterEvents;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A Normal {@value #MASTER_PROMOTED} event when a group's {@code lastFailover} in status is new: once per change
 * of master (epoch and new master), also across operator restarts, because the previous value is the one status
 * kept. The status a reconcile starts from may be the cache's stale copy from before our own last status patch, so
 * what this operator announced is remembered too (as {@link AnnouncedConditions} does for conditions).
 * FailoverBlocked needs nothing here: it is a Degraded reason, announced by {@link ConditionEvents}.
 */
final class FailoverEvents {
    static final String MASTER_PROMOTED = "MasterPromoted";

    private final Map<String, String> announced = new ConcurrentHashMap<>();

    /** @param clusterKey namespace/name/uid of {@code cluster} */
    void announce(String clusterKey, BrokerCluster cluster, BrokerClusterStatus previous, BrokerClusterStatus next,
            ClusterEvents events) {
        Map<Integer, FailoverStatus> before = previous == null ? Map.of() : previous.getGroups().stream()
                .filter(g -> g.getLastFailover() != null)
                .collect(Collectors.toMap(GroupStatus::getIndex, GroupStatus::getLastFailover, (a, b) -> a));
        for (GroupStatus group : next.getGroups()) {
            FailoverStatus last = group.getLastFailover();
            if (last == null) {
                continue;
            }
            String memoryKey = clusterKey + "/" + group.getIndex();
            String change = key(last);
            FailoverStatus earlier = before.get(group.getIndex());
            if ((earlier != null && key(earlier).equals(change)) || change.equals(announced.get(memoryKey))) {
                announced.put(memoryKey, change);
                continue;
            }
            announced.put(memoryKey, change);
            events.normal(cluster, MASTER_PROMOTED, "Group " + group.getIndex() + ": " + last.getTo()
                    + " is master under controller epoch " + last.getEpoch() + " (was " + last.getFrom() + "): "
                    + last.getReason() + "; possibly lost: " + last.getPossibleLossBytes() + " bytes.");
        }
    }

    /** One change of master: its epoch and new master (the same promotion recorded again is not a new one). */
    private static String key(FailoverStatus failover) {
        return failover.getEpoch() + "/" + failover.getTo();
    }
}
