package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.index.IndexService;
import io.cometmq.broker.store.queue.ConsumeQueueTable;
import io.cometmq.broker.store.queue.ReputService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the store back to a commit-log offset (a slave whose log diverged from the master's) and readies a promoted
 * slave for puts.
 *
 * <p>Locks, always in this order: checkpoint (no periodic checkpoint straddles the change), commit-log writer lock
 * (puts and raw appends wait), dispatcher (no dispatch runs meanwhile). Consume queues and index are cut before the
 * log: a get racing the cut then finds its queue already shorter, rather than an entry whose message is gone, which
 * would advance the consumer past queue offsets that are about to be written again.
 */
final class StoreTruncation {
    private static final Logger LOG = LoggerFactory.getLogger(StoreTruncation.class);

    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final ReputService reput;
    private final CheckpointService checkpoints;

    StoreTruncation(CommitLog commitLog, ConsumeQueueTable consumeQueues, IndexService index, ReputService reput,
            CheckpointService checkpoints) {
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.reput = reput;
        this.checkpoints = checkpoints;
    }

    void truncateTo(long offset) {
        checkpoints.runAfter(() -> commitLog.whileAppendsBlocked(() -> reput.paused(() -> cut(offset))));
    }

    void prepareForWrites() {
        checkpoints.runAfter(() -> commitLog.whileAppendsBlocked(() -> reput.paused(() -> {
            reput.dispatchAvailable();
            long end = reput.dispatchedOffset();
            if (end < commitLog.maxOffset()) {
                // A record the old master never finished sending can no longer be completed: cut it, as crash
                // recovery cuts a torn tail.
                LOG.warn("prepare for writes: commit log cannot be dispatched past {}, cutting {} bytes", end,
                        commitLog.maxOffset() - end);
                cut(end);
            } else {
                commitLog.queueOffsets().reset(consumeQueues.maxOffsets());
            }
        })));
    }

    /** Appends blocked, dispatch paused. */
    private void cut(long requested) {
        long min = commitLog.minOffset();
        long max = commitLog.maxOffset();
        if (requested < 0 || requested > max) {
            throw new IllegalArgumentException("cannot truncate at " + requested + ": the commit log ends at " + max);
        }
        long offset = commitLog.recordStartAtOrBefore(requested);
        if (offset != requested) {
            LOG.warn("truncation offset {} is inside a record; cutting at its start {}", requested, offset);
        }
        if (commitLog.truncationEmpties(offset)) {
            consumeQueues.deleteAll();
        } else {
            consumeQueues.truncateBeyond(offset);
        }
        index.truncateFrom(offset);
        reput.rewindTo(offset);
        commitLog.truncate(offset);
        // Records below the cut not yet dispatched go in now, so the queues' max offsets are complete for puts.
        reput.dispatchAvailable();
        commitLog.queueOffsets().reset(consumeQueues.maxOffsets());
        LOG.info("store truncated at commit-log offset {} (was [{}, {}))", offset, min, max);
    }
}
