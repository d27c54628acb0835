package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/** Turns a StatefulSet apply into Created / Scaled / RollingUpdate events. */
final class SetChangeEvents {
    private SetChangeEvents() {}

    static void report(BrokerCluster cluster, ClusterEvents events, ApplyResult<StatefulSet> result, String what) {
        String name = result.object().getMetadata().getName();
        switch (result.change()) {
            case CREATED -> events.normal(cluster, "Created",
                    "Created StatefulSet " + name + " (" + what + ", " + StatefulSetReadiness.desired(result.object()) + " replicas).");
            case UPDATED -> {
                int before = StatefulSetReadiness.desired(result.previous());
                int after = StatefulSetReadiness.desired(result.object());
                if (before != after) {
                    events.normal(cluster, "Scaled", "Scaled " + what + " (" + name + ") from " + before + " to " + after + ".");
                }
                if (!Objects.equals(result.previous().getSpec().getTemplate(), result.object().getSpec().getTemplate())) {
                    events.normal(cluster, "RollingUpdate", "Rolling " + name + " (" + what + ") to a new pod template.");
                }
            }
            default -> { }
        }
    }
}
