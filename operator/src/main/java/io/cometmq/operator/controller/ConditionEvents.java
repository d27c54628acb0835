package io.cometmq.operator.controller;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.reconcile.ClusterEvents;
import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Announces condition changes as events, once per change rather than once per reconcile: a refused
 * scale-down or a bad spec is a Warning, becoming ready, pausing and resuming are Normal.
 */
final class ConditionEvents {
    private ConditionEvents() {}

    static void announce(BrokerCluster cluster, List<Condition> previous, List<Condition> next, ClusterEvents events) {
        for (Condition condition : next) {
            if (!Conditions.transitioned(previous, condition)) {
                continue;
            }
            boolean isTrue = "True".equals(condition.getStatus());
            switch (condition.getType()) {
                case Conditions.DEGRADED -> {
                    if (isTrue) {
                        events.warning(cluster, condition.getReason(), condition.getMessage());
                    }
                }
                case Conditions.READY -> {
                    if (isTrue) {
                        events.normal(cluster, condition.getReason(), condition.getMessage());
                    }
                }
                case Conditions.PROGRESSING -> {
                    if (Conditions.PAUSED.equals(condition.getReason()) || Conditions.WAITING_FOR_SLAVES.equals(condition.getReason())) {
                        events.normal(cluster, condition.getReason(), condition.getMessage());
                    }
                }
                case Conditions.TUNING -> {
                    if (!isTrue) {
                        events.warning(cluster, condition.getReason(), condition.getMessage());
                    }
                }
                default -> { }
            }
        }
    }
}
