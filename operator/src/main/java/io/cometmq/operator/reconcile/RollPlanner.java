package io.cometmq.operator.reconcile;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Slaves roll before their master: while a slave restarts the master keeps serving, and when the master
 * finally restarts its slaves already run the new version and can serve reads. So a master StatefulSet
 * that needs a change waits until the group's slave StatefulSet has settled.
 */
public final class RollPlanner {
    private RollPlanner() {}

    /**
     * @param slaves the slave StatefulSet after this reconcile's apply (null when there is none)
     * @param slavesChangedNow whether this reconcile just changed it (its status is then out of date)
     */
    public static boolean mayUpdateMaster(StatefulSet slaves, boolean slavesChangedNow) {
        if (slaves == null || StatefulSetReadiness.desired(slaves) == 0) {
            return true; // nothing to roll first
        }
        return !slavesChangedNow && StatefulSetReadiness.settled(slaves);
    }
}
