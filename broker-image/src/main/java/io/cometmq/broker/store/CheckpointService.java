package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.index.IndexService;
import io.cometmq.broker.store.queue.ConsumeQueueTable;
import io.cometmq.broker.store.queue.ReputService;

/**
 * Records the recovery safe point: reads the dispatched offset first, then flushes consume queues and index, so
 * everything the checkpoint claims is dispatched is on disk before the checkpoint says so.
 *
 * <p>As Apache's FlushConsumeQueueService: a periodic run flushes only the consume queues with at least
 * {@code leastPages} unflushed pages; every {@code thoroughIntervalMillis} it flushes everything and moves the safe
 * point. Consume queues and index are rebuilt from the commit log after the safe point, so a later safe point only
 * means a longer re-dispatch after a crash, never lost data.
 */
final class CheckpointService {
    private final Checkpoint checkpoint;
    private final CommitLog commitLog;
    private final ReputService reput;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;

    private final int leastPages;
    private final long thoroughIntervalNanos;
    private long lastThorough = System.nanoTime();

    CheckpointService(Checkpoint checkpoint, CommitLog commitLog, ReputService reput, ConsumeQueueTable consumeQueues,
            IndexService index, int leastPages, long thoroughIntervalMillis) {
        this.leastPages = leastPages;
        this.thoroughIntervalNanos = thoroughIntervalMillis * 1_000_000;
        this.checkpoint = checkpoint;
        this.commitLog = commitLog;
        this.reput = reput;
        this.consumeQueues = consumeQueues;
        this.index = index;
    }

    /** The scheduled run: a thorough one when it is due, else a flush of the queues that have filled pages. */
    synchronized void runPeriodic() {
        if (System.nanoTime() - lastThorough >= thoroughIntervalNanos) {
            runOnce();
        } else {
            consumeQueues.flush(leastPages);
        }
    }

    /** Flushes every consume queue and the index, then records the safe point. */
    synchronized void runOnce() {
        lastThorough = System.nanoTime();
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
