package io.cometmq.operator.failover;

/**
 * A promotion the operator has made durable (the role assignment names {@code member} under {@code epoch}) but the
 * broker has not carried out yet: PROMOTE_SLAVE_TO_MASTER is repeated on the next rounds while it reports SLAVE.
 *
 * @param minOffset         the log end the candidate must reach (confirmed offset, or the demoted master's log end
 *                          in a switchover; -1: none)
 * @param since             when the decision was made (a switchover waits at most unavailableFor for catch-up)
 * @param possibleLossBytes reported with the result
 */
public record PendingPromotion(String member, String from, int epoch, long minOffset, String reason,
        long possibleLossBytes, java.time.Instant since, boolean switchover) {
}
