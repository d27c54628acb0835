package io.cometmq.broker;

import java.time.Clock;

/**
 * How long a managed master may keep taking writes without hearing from a NameServer. Each registration or
 * heartbeat round that at least one NameServer answers without refusing the mastership confirms the lease as of the
 * moment the round was SENT (an answer can only vouch for the time before it was asked); the master writes only
 * while less than {@code leaseMillis} has passed since then. A master cut off from every NameServer therefore stops
 * writing on its own before the operator, which waits longer, promotes another broker: CometMQ prefers refusing
 * writes to taking writes that a failover would throw away.
 */
public final class MasterLease {

    private static final long NEVER = Long.MIN_VALUE;

    private final Clock clock;
    private final long leaseMillis;
    private long confirmedAt = NEVER;

    public MasterLease(Clock clock, long leaseMillis) {
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("masterLeaseMillis must be positive, was " + leaseMillis);
        }
        this.clock = clock;
        this.leaseMillis = leaseMillis;
    }

    public long leaseMillis() {
        return leaseMillis;
    }

    /** The time to pass to {@link #confirm} once a round started now is answered. */
    public long roundStarted() {
        return clock.millis();
    }

    /** A NameServer accepted the mastership in a round sent at {@code sentAtMillis}. */
    public synchronized void confirm(long sentAtMillis) {
        confirmedAt = Math.max(confirmedAt, sentAtMillis);
    }

    /** Forgets every confirmation: a new mastership starts unconfirmed. */
    public synchronized void reset() {
        confirmedAt = NEVER;
    }

    public synchronized boolean valid() {
        return confirmedAt != NEVER && clock.millis() - confirmedAt < leaseMillis;
    }

    /** Milliseconds since the last confirmation, or -1 when there was none. */
    public synchronized long unconfirmedForMillis() {
        return confirmedAt == NEVER ? -1 : clock.millis() - confirmedAt;
    }
}
