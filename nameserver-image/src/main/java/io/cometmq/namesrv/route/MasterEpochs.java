package io.cometmq.namesrv.route;

import java.util.HashMap;
import java.util.Map;

/**
 * Per broker group (brokerName), the highest controller epoch a master registered with. It outlives that master
 * (expiry, unregistration) so that a deposed master returning with its old epoch is refused the master slot; only a
 * NameServer restart forgets it. Not thread-safe: {@link RouteTable} calls it under its write lock.
 */
final class MasterEpochs {

    private final Map<String, Integer> highest = new HashMap<>();

    /** The group's highest master epoch, or null when no managed master registered. */
    Integer highest(String brokerName) {
        return highest.get(brokerName);
    }

    /** Whether a claim of brokerId 0 with {@code epoch} (null: unmanaged, never refused) must be refused. */
    boolean refuses(String brokerName, long brokerId, Integer epoch) {
        if (brokerId != 0 || epoch == null) {
            return false;
        }
        Integer known = highest.get(brokerName);
        return known != null && epoch < known;
    }

    /** A master of the group took the slot under {@code epoch}. */
    void raise(String brokerName, int epoch) {
        highest.merge(brokerName, epoch, Math::max);
    }
}
