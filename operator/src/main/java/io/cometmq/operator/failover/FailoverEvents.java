package io.cometmq.operator.failover;

/**
 * Where the controller announces what it did (Kubernetes Events on the BrokerCluster and the operator's failover
 * counter; a log in tests).
 */
public interface FailoverEvents {
    String FAILOVER_STARTED = "FailoverStarted";
    String MASTER_PROMOTED = "MasterPromoted";
    String FAILOVER_BLOCKED = "FailoverBlocked";
    String MASTER_DEMOTED = "MasterDemoted";

    void normal(String reason, String message);

    void warning(String reason, String message);

    /**
     * A promotion of a slave of {@code brokerName} ended: it became master (success), or the promotion could not be
     * started or was refused past the grace period (failure; said once per promotion, not on every retry).
     */
    default void promotion(String brokerName, boolean success) {
    }
}
