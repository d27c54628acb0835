package io.cometmq.operator.controller;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.FailoverStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.reconcile.ClusterEvents;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Normal {@value #MASTER_PROMOTED} event when a group's {@code lastFailover} in status is new: once per change
 * of master, also across operator restarts, because the previous value is the one status kept. FailoverBlocked
 * needs nothing here: it is a Degraded reason, announced by {@link ConditionEvents}.
 */
final class FailoverEvents {
    static final String MASTER_PROMOTED = "MasterPromoted";

    private FailoverEvents() {}

    static void announce(BrokerCluster cluster, BrokerClusterStatus previous, BrokerClusterStatus next,
            ClusterEvents events) {
        Map<Integer, FailoverStatus> before = previous == null ? Map.of() : previous.getGroups().stream()
                .filter(g -> g.getLastFailover() != null)
                .collect(Collectors.toMap(GroupStatus::getIndex, GroupStatus::getLastFailover, (a, b) -> a));
        for (GroupStatus group : next.getGroups()) {
            FailoverStatus last = group.getLastFailover();
            if (last == null || same(before.get(group.getIndex()), last)) {
                continue;
            }
            events.normal(cluster, MASTER_PROMOTED, "Group " + group.getIndex() + ": " + last.getTo()
                    + " is master under controller epoch " + last.getEpoch() + " (was " + last.getFrom() + "): "
                    + last.getReason() + "; possibly lost: " + last.getPossibleLossBytes() + " bytes.");
        }
    }

    private static boolean same(FailoverStatus a, FailoverStatus b) {
        if (a == null) {
            return false;
        }
        Function<FailoverStatus, String> key = f -> f.getEpoch() + "/" + f.getTo() + "/" + f.getTime();
        return Objects.equals(key.apply(a), key.apply(b));
    }
}
