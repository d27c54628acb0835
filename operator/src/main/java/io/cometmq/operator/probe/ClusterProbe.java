package io.cometmq.operator.probe;

import io.cometmq.operator.failover.GroupControl;
import io.cometmq.operator.reconcile.DrainProgress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One round of remote observations of a BrokerCluster. The polling event source triggers a reconcile only when a
 * probe differs from the previous one (record equality).
 *
 * @param registered brokers the NameServers list ({@code brokerName/brokerId}); empty when none answered
 * @param drains progress of every group cometmq.io/drain-group names
 * @param nofileLimits open-file limit of each broker pod that answered, by pod name
 * @param control what the failover controller knows of each group, by group index (empty before it ran)
 */
public record ClusterProbe(Optional<Set<String>> registered, Map<Integer, DrainProgress> drains,
        Map<String, Long> nofileLimits, Map<Integer, GroupControl> control) {

    /** Before the first probe: nothing is known, nothing is drained. */
    public static final ClusterProbe NONE = new ClusterProbe(Optional.empty(), Map.of(), Map.of(), Map.of());

    public ClusterProbe {
        registered = registered.map(Set::copyOf);
        drains = Map.copyOf(drains);
        nofileLimits = Map.copyOf(nofileLimits);
        control = Map.copyOf(control);
    }
}
