package io.cometmq.broker;

/** A broker's place in its group: a master acknowledging after its own write or after a slave's, or a slave. */
public enum BrokerRole {
    ASYNC_MASTER,
    SYNC_MASTER,
    SLAVE;

    public boolean isMaster() {
        return this != SLAVE;
    }
}
