package io.cometmq.operator.failover;

import java.time.Instant;
import java.util.List;

/**
 * What the failover controller knows of one broker group after a probe round; the reconciler turns it into
 * {@code status.groups[]} and events.
 *
 * @param master                  pod the role assignment names as master
 * @param epoch                   controller epoch of that assignment
 * @param confirmedOffset         the master's last acknowledged-by-a-slave offset the operator observed (SYNC), or
 *                                null when never observed
 * @param inSync                  slaves that were in sync with the master at the last observation (SYNC: may be
 *                                promoted without loss)
 * @param masterUnavailableSince  when the master was first seen unavailable, null while it is available
 * @param unavailableReason       why it counts as unavailable ("pod not ready", "not answering", ...), or null
 * @param lastFailover            the latest change of master this operator made, or null
 * @param problem                 why a needed failover or switchover cannot happen now (no candidate, refused, ...),
 *                                or null
 */
public record GroupControl(String master, int epoch, Long confirmedOffset, List<String> inSync,
        Instant masterUnavailableSince, String unavailableReason, FailoverRecord lastFailover, String problem) {

    public GroupControl {
        inSync = List.copyOf(inSync);
    }
}
