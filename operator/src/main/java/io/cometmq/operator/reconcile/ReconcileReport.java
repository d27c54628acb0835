package io.cometmq.operator.reconcile;

import io.cometmq.operator.model.SpecProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one reconcile did or declined to do; status is built from it plus the StatefulSets.
 *
 * @param observed StatefulSets after the changes (server responses where we wrote)
 * @param paused cometmq.io/pause-reconciliation was "true": nothing was changed
 * @param problems spec problems that stopped all changes
 * @param waitingMasters groups whose StatefulSet holding the master waits for the other one to settle
 * @param refusedGroups groups beyond spec.broker.groups that were kept because they are not drained
 * @param drains drain progress of the groups cometmq.io/drain-group names
 * @param storage volume claims grown for a larger spec.broker.storage.size, and those that must be grown by hand
 */
public record ReconcileReport(ObservedState observed, boolean paused, List<SpecProblem> problems,
        Set<Integer> waitingMasters, Set<Integer> refusedGroups, Map<Integer, DrainProgress> drains,
        StorageExpansion.Result storage) {

    public static ReconcileReport paused(ObservedState observed) {
        return new ReconcileReport(observed, true, List.of(), Set.of(), Set.of(), Map.of(), StorageExpansion.Result.NONE);
    }

    public static ReconcileReport invalid(ObservedState observed, List<SpecProblem> problems) {
        return new ReconcileReport(observed, false, problems, Set.of(), Set.of(), Map.of(), StorageExpansion.Result.NONE);
    }

    /** True when every change the spec asks for has been sent (rollouts may still be running). */
    public boolean applied() {
        return !paused && problems.isEmpty();
    }
}
