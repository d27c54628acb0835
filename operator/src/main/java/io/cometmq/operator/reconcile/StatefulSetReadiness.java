package io.cometmq.operator.reconcile;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Objects;

/** Reads a StatefulSet's status the way the StatefulSet controller writes it. */
public final class StatefulSetReadiness {
    private StatefulSetReadiness() {}

    public static int desired(StatefulSet set) {
        return set == null || set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
    }

    public static int ready(StatefulSet set) {
        if (set == null || set.getStatus() == null || set.getStatus().getReadyReplicas() == null) {
            return 0;
        }
        return set.getStatus().getReadyReplicas();
    }

    /**
     * True when the controller has seen the latest spec and every pod runs it and is ready: the moment a
     * rolling update of this set is over.
     */
    public static boolean settled(StatefulSet set) {
        if (set == null) {
            return false;
        }
        StatefulSetStatus status = set.getStatus();
        if (status == null || status.getObservedGeneration() == null) {
            return false;
        }
        long generation = set.getMetadata().getGeneration() == null ? 0 : set.getMetadata().getGeneration();
        int replicas = desired(set);
        int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
        boolean sameRevision = status.getUpdateRevision() == null || status.getCurrentRevision() == null
                || Objects.equals(status.getUpdateRevision(), status.getCurrentRevision());
        return status.getObservedGeneration() >= generation && ready(set) >= replicas && updated >= replicas
                && sameRevision;
    }
}
