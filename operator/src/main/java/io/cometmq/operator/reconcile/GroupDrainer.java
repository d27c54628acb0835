package io.cometmq.operator.reconcile;

/**
 * Empties a broker group before it is removed: stop new writes, then report the backlog consumers have
 * not read yet. The operator calls both methods on every reconcile while cometmq.io/drain-group names
 * the group, so implementations must be idempotent and return within a few seconds.
 *
 * <p>The real implementation is {@link io.cometmq.operator.remoting.RemotingGroupDrainer} (write permission
 * wiped on the NameServers, backlog from consumer offsets). A drainer that cannot measure the backlog throws
 * {@link DrainStatusUnknownException}; it must never report zero instead. {@link #UNAVAILABLE} is kept for
 * tests and for builds without broker access.
 */
public interface GroupDrainer {

    /** Stop accepting new messages on every broker of the group. */
    void makeReadOnly(DrainTarget target) throws Exception;

    /** Messages written to the group that consumers have not consumed yet. */
    long backlog(DrainTarget target) throws Exception;

    GroupDrainer UNAVAILABLE = new GroupDrainer() {
        @Override
        public void makeReadOnly(DrainTarget target) {
            throw new UnsupportedOperationException("this operator build has no broker admin client to drain groups");
        }

        @Override
        public long backlog(DrainTarget target) {
            throw new UnsupportedOperationException("this operator build has no broker admin client to drain groups");
        }
    };
}
