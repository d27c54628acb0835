package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.index.IndexService;
import io.cometmq.broker.store.queue.ConsumeQueueTable;
import io.cometmq.broker.store.queue.ReputService;

/**
 * Records the recovery safe point: reads the dispatched offset first, then flushes consume queues and index, so
 * everything the checkpoint claims is dispatched is on disk before the checkpoint says so.
 */
final class CheckpointService {
    private final Checkpoint checkpoint;
    private final CommitLog commitLog;
    private final ReputService reput;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;

    CheckpointService(Checkpoint checkpoint, CommitLog commitLog, ReputService reput, ConsumeQueueTable consumeQueues,
            IndexService index) {
        this.checkpoint = checkpoint;
        this.commitLog = commitLog;
        this.reput = reput;
        this.consumeQueues = consumeQueues;
        this.index = index;
    }

    synchronized void runOnce() {
        long dispatched = reput.dispatchedOffset();
        long flushed = commitLog.flushedOffset();
        consumeQueues.flush();
        index.flush();
        checkpoint.set(Checkpoint.DISPATCHED, dispatched);
        checkpoint.set(Checkpoint.COMMIT_LOG_FLUSHED, flushed);
        checkpoint.write();
    }

    /**
     * Runs a change that moves offsets backwards (a truncation), then checkpoints. Holding the lock throughout
     * keeps a periodic run from reading the old offsets before the change and writing them after it.
     */
    synchronized void runAfter(Runnable change) {
        change.run();
        runOnce();
    }

    /** The offset recovery can trust: dispatched and flushed, or -1 without a checkpoint. */
    static long safePoint(Checkpoint checkpoint) {
        var dispatched = checkpoint.get(Checkpoint.DISPATCHED);
        var flushed = checkpoint.get(Checkpoint.COMMIT_LOG_FLUSHED);
        if (dispatched.isEmpty() || flushed.isEmpty()) {
            return -1;
        }
        return Math.min(dispatched.getAsLong(), flushed.getAsLong());
    }
}
