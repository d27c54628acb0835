package io.cometmq.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Condition types and reasons of a BrokerCluster (docs/OPERATOR.md has the table), and the merge that
 * keeps lastTransitionTime while a condition's status is unchanged, so status does not flap.
 */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String TUNING = "TuningApplied";

    // Ready
    public static final String CLUSTER_READY = "ClusterReady";
    public static final String NAMESERVERS_NOT_READY = "NameServersNotReady";
    public static final String BROKERS_NOT_READY = "BrokersNotReady";
    public static final String BROKERS_NOT_REGISTERED = "BrokersNotRegistered";
    // Progressing
    public static final String RECONCILED = "ReconciliationComplete";
    public static final String ROLLING_OUT = "RollingOut";
    public static final String WAITING_FOR_SLAVES = "WaitingForSlaves";
    public static final String DRAINING = "Draining";
    public static final String PAUSED = "ReconciliationPaused";
    public static final String BLOCKED = "ReconciliationBlocked";
    // Degraded (plus the SpecChecker reasons, which pass through unchanged)
    public static final String NO_PROBLEMS = "NoProblems";
    public static final String SCALE_DOWN_REFUSED = "ScaleDownRefused";
    public static final String DRAIN_FAILED = "DrainFailed";
    public static final String STORAGE_EXPANSION_MANUAL = "StorageExpansionManual";
    public static final String RECONCILE_FAILED = "ReconcileFailed";
    /** A group's master is unavailable (or a switchover was asked for) and no promotion can happen now. */
    public static final String FAILOVER_BLOCKED = "FailoverBlocked";
    /** A role ConfigMap does not hold a readable role assignment. */
    public static final String ROLE_ASSIGNMENT_INVALID = "RoleAssignmentInvalid";
    // TuningApplied
    public static final String SYSCTLS_APPLIED = "SysctlInitContainer";
    public static final String SYSCTLS_DISABLED = "SysctlTuningDisabled";
    public static final String NOFILE_BELOW_TARGET = "NofileBelowTarget";

    private Conditions() {}

    public static Condition of(String type, boolean status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withReason(reason).withMessage(message).build();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /**
     * Stamps each new condition with the generation and a transition time: the previous time when the
     * status did not change, {@code now} otherwise.
     */
    public static List<Condition> merge(List<Condition> previous, List<Condition> next, Instant now, Long generation) {
        List<Condition> merged = new ArrayList<>();
        for (Condition condition : next) {
            Optional<Condition> before = find(previous, condition.getType());
            boolean unchanged = before.isPresent() && Objects.equals(before.get().getStatus(), condition.getStatus());
            condition.setLastTransitionTime(unchanged && before.get().getLastTransitionTime() != null
                    ? before.get().getLastTransitionTime() : now.toString());
            condition.setObservedGeneration(generation);
            merged.add(condition);
        }
        return merged;
    }

    /** True when the condition is new, or its status or reason changed: worth an event. */
    public static boolean transitioned(List<Condition> previous, Condition next) {
        Optional<Condition> before = find(previous, next.getType());
        return before.isEmpty() || !Objects.equals(before.get().getStatus(), next.getStatus())
                || !Objects.equals(before.get().getReason(), next.getReason());
    }
}
