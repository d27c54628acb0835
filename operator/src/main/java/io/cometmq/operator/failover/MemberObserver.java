package io.cometmq.operator.failover;

/**
 * One round's observation of a group: each member's pod readiness and runtime info, and which address the
 * NameServers list as its master. Implementations bound every remote call by a short timeout and report a member
 * that cannot be asked as not answering, never throw for it.
 */
@FunctionalInterface
public interface MemberObserver {

    GroupObservation observe(FailoverGroup group);
}
