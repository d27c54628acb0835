package io.cometmq.broker.client;

import io.cometmq.protocol.body.MessageQueue;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Orderly consumption locks: each queue of a group belongs to at most one client at a time, for a lease that the
 * client renews (every 20 s) well before it runs out (60 s).
 */
public final class QueueLockManager {

    private record Lease(String clientId, long lastRenewedMillis) {
    }

    private final Clock clock;
    private final long leaseMillis;
    private final Map<String, Map<MessageQueue, Lease>> locks = new HashMap<>();

    public QueueLockManager(Clock clock, long leaseMillis) {
        this.clock = clock;
        this.leaseMillis = leaseMillis;
    }

    /** Locks (or renews) what is free, expired or already ours; returns the queues the client now holds. */
    public synchronized Set<MessageQueue> lock(String group, String clientId, Set<MessageQueue> queues) {
        long now = clock.millis();
        Map<MessageQueue, Lease> groupLocks = locks.computeIfAbsent(group, k -> new HashMap<>());
        Set<MessageQueue> granted = new LinkedHashSet<>();
        for (MessageQueue queue : queues) {
            Lease lease = groupLocks.get(queue);
            if (lease == null || lease.clientId().equals(clientId) || now - lease.lastRenewedMillis() > leaseMillis) {
                groupLocks.put(queue, new Lease(clientId, now));
                granted.add(queue);
            }
        }
        return granted;
    }

    public synchronized void unlock(String group, String clientId, Set<MessageQueue> queues) {
        Map<MessageQueue, Lease> groupLocks = locks.get(group);
        if (groupLocks == null) {
            return;
        }
        for (MessageQueue queue : queues) {
            Lease lease = groupLocks.get(queue);
            if (lease != null && lease.clientId().equals(clientId)) {
                groupLocks.remove(queue);
            }
        }
    }

    /** True when the group holds unexpired locks: RocketMQ's sign of an orderly group. */
    public synchronized boolean hasLiveLocks(String group) {
        Map<MessageQueue, Lease> groupLocks = locks.get(group);
        if (groupLocks == null) {
            return false;
        }
        long now = clock.millis();
        return groupLocks.values().stream().anyMatch(lease -> now - lease.lastRenewedMillis() <= leaseMillis);
    }
}
