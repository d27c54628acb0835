package io.cometmq.operator.failover;

/** Where the controller announces what it did (Kubernetes Events on the BrokerCluster; a log in tests). */
public interface FailoverEvents {
    String FAILOVER_STARTED = "FailoverStarted";
    String MASTER_PROMOTED = "MasterPromoted";
    String FAILOVER_BLOCKED = "FailoverBlocked";
    String MASTER_DEMOTED = "MasterDemoted";

    void normal(String reason, String message);

    void warning(String reason, String message);
}
