package io.cometmq.operator.failover;

import java.time.Duration;
import java.util.Objects;

/**
 * How a group may fail over ({@code spec.broker.failover} and {@code spec.broker.replicationMode}).
 *
 * @param enabled        whether the operator promotes a slave on its own when the master is gone (a switchover the
 *                       user asks for and the fencing of stale masters happen either way)
 * @param unavailableFor how long the master must be unavailable, without a break, before a slave is promoted
 * @param sync           SYNC replication: only an in-sync slave that holds every confirmed byte may be promoted;
 *                       ASYNC: the most caught-up slave, and the possible loss is reported
 */
public record FailoverPolicy(boolean enabled, Duration unavailableFor, boolean sync) {

    public FailoverPolicy {
        Objects.requireNonNull(unavailableFor, "unavailableFor");
        if (unavailableFor.isNegative()) {
            throw new IllegalArgumentException("unavailableFor must not be negative, was " + unavailableFor);
        }
    }

    /** The role a master takes under this policy, as the role file names it. */
    public String masterRole() {
        return sync ? "SYNC_MASTER" : "ASYNC_MASTER";
    }
}
