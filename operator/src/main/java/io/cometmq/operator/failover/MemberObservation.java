package io.cometmq.operator.failover;

/**
 * What one round saw of one broker of a group: its pod and, when it answered GET_BROKER_RUNTIME_INFO, the
 * failover-related keys of {@link io.cometmq.protocol.body.RuntimeInfoKeys}.
 *
 * @param member            the member name (pod name), as the role file names it
 * @param address           host:port of its remoting port (what it registers with the NameServers)
 * @param podReady          whether its pod is Ready
 * @param answering         whether it answered runtime info this round; the fields below are meaningless when not
 * @param role              ASYNC_MASTER, SYNC_MASTER or SLAVE as it reports itself
 * @param epoch             the controller epoch it knows (0: none)
 * @param logEnd            the end of its commit log (commitLogMaxOffset)
 * @param haMasterConnected slave: replication connection to a master is up
 * @param haMasterMaxOffset slave: the master's log end at its last contact (-1: never)
 * @param haAckedOffset     master: the highest offset a slave acknowledged (-1: none)
 */
public record MemberObservation(String member, String address, boolean podReady, boolean answering, String role,
        int epoch, long logEnd, boolean haMasterConnected, long haMasterMaxOffset, long haAckedOffset) {

    public static MemberObservation notAnswering(String member, String address, boolean podReady) {
        return new MemberObservation(member, address, podReady, false, null, 0, -1, false, -1, -1);
    }

    public static MemberObservation master(String member, String address, String role, int epoch, long logEnd,
            long haAckedOffset) {
        return new MemberObservation(member, address, true, true, role, epoch, logEnd, false, -1, haAckedOffset);
    }

    public static MemberObservation slave(String member, String address, int epoch, long logEnd, boolean connected,
            long haMasterMaxOffset) {
        return new MemberObservation(member, address, true, true, "SLAVE", epoch, logEnd, connected,
                haMasterMaxOffset, -1);
    }

    /** Answers and reports a master role. */
    public boolean claimsMaster() {
        return answering && role != null && role.endsWith("_MASTER");
    }

    /** Answers and reports SLAVE. */
    public boolean isSlave() {
        return answering && "SLAVE".equals(role);
    }

    public MemberObservation withPodReady(boolean ready) {
        return new MemberObservation(member, address, ready, answering, role, epoch, logEnd, haMasterConnected,
                haMasterMaxOffset, haAckedOffset);
    }
}
