package io.cometmq.operator.failover;

import java.time.Instant;

/**
 * One change of a group's master made by the operator (failover or switchover), as status and events report it.
 *
 * @param time              when the new master was promoted
 * @param from              pod that was master
 * @param to                pod that became master
 * @param epoch             controller epoch of the new master
 * @param reason            why, for people ("master unavailable for 30s: not answering", "switchover requested")
 * @param possibleLossBytes bytes the old master may have held that the new one lacks (0 with SYNC replication)
 */
public record FailoverRecord(Instant time, String from, String to, int epoch, String reason, long possibleLossBytes) {
}
