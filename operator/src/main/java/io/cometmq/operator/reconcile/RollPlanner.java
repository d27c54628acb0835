package io.cometmq.operator.reconcile;

import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * The StatefulSet that holds a group's current master rolls last: while the other one's pods restart the master
 * keeps serving, and when the master finally restarts the others already run the new version and can serve reads.
 * Before any failover that is the master StatefulSet; after one it may be the slave StatefulSet (the role ConfigMap
 * says which pod is master). The set that rolls last waits until the other has settled.
 */
public final class RollPlanner {
    private RollPlanner() {}

    /**
     * The StatefulSet (by home role) that holds {@code masterPod}, which rolls last; the master StatefulSet when the
     * master is unknown or not a pod of group g.
     */
    public static BrokerRole rollsLast(Names names, int group, String masterPod) {
        return names.brokerPodSlot(group, masterPod).map(Names.PodSlot::role).orElse(BrokerRole.MASTER);
    }

    /** The other StatefulSet of the group, which rolls first. */
    public static BrokerRole rollsFirst(BrokerRole last) {
        return last == BrokerRole.MASTER ? BrokerRole.SLAVE : BrokerRole.MASTER;
    }

    /**
     * @param first the StatefulSet that rolls first, after this reconcile's apply (null when there is none)
     * @param firstChangedNow whether this reconcile just changed it (its status is then out of date)
     */
    public static boolean mayUpdateLast(StatefulSet first, boolean firstChangedNow) {
        if (first == null || StatefulSetReadiness.desired(first) == 0) {
            return true; // nothing to roll first
        }
        return !firstChangedNow && StatefulSetReadiness.settled(first);
    }
}
