package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.crd.FailoverSpec;
import io.cometmq.operator.crd.ReplicationMode;
import io.cometmq.operator.failover.FailoverPolicy;

/**
 * {@code spec.broker.failover} and {@code replicationMode} as a {@link FailoverPolicy}: enabled (default: when the
 * group has slaves), unavailableFor (default 30s) and SYNC/ASYNC.
 */
public final class FailoverPolicies {

    private FailoverPolicies() {}

    /** An IllegalArgumentException names spec.broker.failover.unavailableFor when it is malformed. */
    public static FailoverPolicy of(BrokerSpec broker) {
        FailoverSpec failover = broker.getFailover() == null ? new FailoverSpec() : broker.getFailover();
        return new FailoverPolicy(failover.effectiveEnabled(broker.getSlavesPerGroup()), failover.unavailableFor(),
                broker.getReplicationMode() == ReplicationMode.SYNC);
    }
}
