package io.cometmq.operator.failover;

import io.cometmq.protocol.config.RoleAssignment;
import java.time.Instant;

/** The one thing {@link FailoverDecider} tells the controller to do for a group in a round. */
public sealed interface FailoverAction {

    /** Nothing to do: the master is available (or the group has no assignment yet). */
    record None() implements FailoverAction {}

    /** The master is unavailable since {@code since} (or a switchover waits for catch-up); not acting yet. */
    record Wait(Instant since, String reason) implements FailoverAction {}

    /**
     * Make {@code candidate} master under {@code epoch}. With {@code write} non-null the controller first stores
     * that assignment (nothing is decided until it is durable), then takes {@code from}'s address off the master
     * slot on every NameServer, then sends PROMOTE_SLAVE_TO_MASTER; with {@code write} null this repeats a promotion
     * already stored.
     */
    record Promote(String candidate, String from, int epoch, long minOffset, long possibleLossBytes, String reason,
            RoleAssignment write, boolean switchover) implements FailoverAction {}

    /**
     * Send DEMOTE_MASTER_TO_SLAVE with {@code epoch} to {@code member}: a stale master, or the first step of a
     * switchover (then {@code write}, the new assignment, is stored first).
     */
    record Demote(String member, int epoch, String reason, RoleAssignment write) implements FailoverAction {}

    /** A failover or switchover is needed but cannot happen now; {@code reason} says why, for status and events. */
    record NoCandidate(String reason) implements FailoverAction {}
}
