package io.cometmq.broker;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The broker's current role, the id it registers with and (managed mode) the controller epoch it knows. Configured
 * at start-up, changed at run time by promotion and (managed mode) demotion, so processors read it here rather than
 * from {@link BrokerConfig}.
 *
 * <p>Writes as master go through {@link #appendAsMaster}: the append runs under a read lock, and a role change takes
 * the write lock, so once {@link #becomeSlave} returns no append is in flight and the commit-log end is final. A
 * managed master also needs a valid {@link MasterLease}.
 */
public final class RoleState {

    private final ReentrantReadWriteLock roleChange = new ReentrantReadWriteLock();
    private final MasterLease lease;
    private volatile BrokerRole role;
    private volatile long brokerId;
    private volatile int controllerEpoch;

    /** Unmanaged: no controller epoch, no lease. */
    public RoleState(BrokerRole role, long brokerId) {
        this(role, brokerId, 0, null);
    }

    /** @param lease null when unmanaged (a master then writes without asking anyone) */
    public RoleState(BrokerRole role, long brokerId, int controllerEpoch, MasterLease lease) {
        this.role = role;
        this.brokerId = brokerId;
        this.controllerEpoch = controllerEpoch;
        this.lease = lease;
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

    /** Whether the operator manages this broker's role (a role file is configured). */
    public boolean managed() {
        return lease != null;
    }

    /** The controller epoch: of this broker's mastership (master) or the highest it heard of (slave); 0 if none. */
    public int controllerEpoch() {
        return controllerEpoch;
    }

    /** The master lease, or null when unmanaged. */
    public MasterLease lease() {
        return lease;
    }

    /** Promotion keeping the known epoch (unmanaged brokers, or a manual promotion without epoch). */
    public void becomeMaster(BrokerRole newRole) {
        becomeMaster(newRole, controllerEpoch);
    }

    /** Promotion under {@code epoch}; a managed master's lease starts unconfirmed. */
    public void becomeMaster(BrokerRole newRole, int epoch) {
        if (!newRole.isMaster()) {
            throw new IllegalArgumentException("promotion needs a master role, not " + newRole);
        }
        roleChange.writeLock().lock();
        try {
            if (lease != null) {
                lease.reset();
            }
            this.role = newRole;
            this.brokerId = 0;
            this.controllerEpoch = Math.max(controllerEpoch, epoch);
        } finally {
            roleChange.writeLock().unlock();
        }
    }

    /**
     * Demotion: from now on no append as master starts, and none is running when this returns.
     *
     * @param slaveBrokerId the id to register with as a slave (1 or more)
     * @param epoch         the controller epoch that ended the mastership (kept if lower than the known one)
     */
    public void becomeSlave(long slaveBrokerId, int epoch) {
        if (slaveBrokerId <= 0) {
            throw new IllegalArgumentException("a slave's broker id must be 1 or more, was " + slaveBrokerId);
        }
        roleChange.writeLock().lock();
        try {
            this.role = BrokerRole.SLAVE;
            this.brokerId = slaveBrokerId;
            this.controllerEpoch = Math.max(controllerEpoch, epoch);
        } finally {
            roleChange.writeLock().unlock();
        }
    }

    /** A slave heard of a newer controller epoch (from a NameServer or a demotion request). */
    public void noteEpoch(int epoch) {
        roleChange.writeLock().lock();
        try {
            controllerEpoch = Math.max(controllerEpoch, epoch);
        } finally {
            roleChange.writeLock().unlock();
        }
    }

    /** Whether a master may take a write now: master, and (managed) its lease is confirmed. */
    public boolean writable() {
        return writeRefusal("this broker") == null;
    }

    /** Why this broker may not take a write as master now, or null when it may; {@code brokerAddr} names it. */
    public String writeRefusal(String brokerAddr) {
        BrokerRole current = role;
        if (!current.isMaster()) {
            return "broker " + brokerAddr + " is no longer a master (controller epoch " + controllerEpoch
                    + "); send to the group's current master";
        }
        if (lease != null && !lease.valid()) {
            long unconfirmed = lease.unconfirmedForMillis();
            return "broker " + brokerAddr + " is master under controller epoch " + controllerEpoch + " but no "
                    + "NameServer confirmed it " + (unconfirmed < 0 ? "yet" : "for " + unconfirmed + " ms")
                    + " (masterLeaseMillis " + lease.leaseMillis() + "); it takes no writes until one does";
        }
        return null;
    }

    /**
     * Runs {@code append} (which must append synchronously) while this broker may write as master; otherwise returns
     * {@code refused} applied to the reason, without running it.
     */
    public <T> T appendAsMaster(String brokerAddr, Supplier<T> append, Function<String, T> refused) {
        roleChange.readLock().lock();
        try {
            String refusal = writeRefusal(brokerAddr);
            return refusal == null ? append.get() : refused.apply(refusal);
        } finally {
            roleChange.readLock().unlock();
        }
    }
}
