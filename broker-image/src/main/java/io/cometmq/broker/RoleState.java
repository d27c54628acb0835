package io.cometmq.broker;

/**
 * The broker's current role and id. Configured at start-up, changed at run time only by promotion of a slave, so
 * processors read it here rather than from {@link BrokerConfig}.
 */
public final class RoleState {

    private volatile BrokerRole role;
    private volatile long brokerId;

    public RoleState(BrokerRole role, long brokerId) {
        this.role = role;
        this.brokerId = brokerId;
    }

    public BrokerRole role() {
        return role;
    }

    public long brokerId() {
        return brokerId;
    }

    public boolean isMaster() {
        return role.isMaster();
    }

    public synchronized void becomeMaster(BrokerRole newRole) {
        if (!newRole.isMaster()) {
            throw new IllegalArgumentException("promotion needs a master role, not " + newRole);
        }
        this.role = newRole;
        this.brokerId = 0;
    }
}
