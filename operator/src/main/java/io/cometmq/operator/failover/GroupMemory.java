package io.cometmq.operator.failover;

import java.time.Instant;
import java.util.Set;

/**
 * What the controller remembers of a group between rounds. It lives only in the operator's memory: after a restart
 * it starts {@link #EMPTY}, so "unavailable since" starts at the first round that sees the master unavailable (the
 * master gets at least unavailableFor again), and with SYNC no slave is promoted before a round saw the master
 * replicate (no in-sync set, no confirmed offset: the safe answer is "no candidate").
 *
 * @param epoch             the assignment epoch the offsets below belong to (reset when it changes: offsets of a
 *                          deposed master say nothing about the new one's slaves)
 * @param unavailableSince  first round of the current unavailability, or null
 * @param confirmedOffset   highest haAckedOffset the master reported under this epoch, or null
 * @param masterLogEnd      the master's log end at the last round it answered, or null
 * @param inSync            slaves seen replicating and holding the confirmed offset at the last round the master
 *                          answered
 * @param pending           a promotion made durable but not yet carried out, or null
 * @param lastFailover      the latest change of master, or null
 */
public record GroupMemory(int epoch, Instant unavailableSince, Long confirmedOffset, Long masterLogEnd,
        Set<String> inSync, PendingPromotion pending, FailoverRecord lastFailover) {

    public static final GroupMemory EMPTY = new GroupMemory(0, null, null, null, Set.of(), null, null);

    public GroupMemory {
        inSync = Set.copyOf(inSync);
    }

    public GroupMemory withPending(PendingPromotion value) {
        return new GroupMemory(epoch, unavailableSince, confirmedOffset, masterLogEnd, inSync, value, lastFailover);
    }

    public GroupMemory withLastFailover(FailoverRecord value) {
        return new GroupMemory(epoch, unavailableSince, confirmedOffset, masterLogEnd, inSync, pending, value);
    }
}
