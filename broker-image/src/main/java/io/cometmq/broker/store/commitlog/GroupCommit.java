package io.cometmq.broker.store.commitlog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * SYNC_FLUSH with group commit: a producer's future completes only after an fsync that covers its record.
 *
 * <p>Why a single flusher thread: an fsync costs about the same for one record as for a thousand. While one fsync
 * runs, new waiters queue up; the next round drains all of them and one fsync (forcing everything written so far)
 * releases the whole group. Throughput therefore grows with concurrency instead of being capped at one message per
 * disk round trip. A waiter not released within the timeout completes with false (FLUSH_DISK_TIMEOUT), while its
 * record stays in the log.
 */
public final class GroupCommit implements CommitLogFlusher {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);

    private record Waiter(long offset, CompletableFuture<Boolean> future) {
    }

    private final CommitLog log;
    private final long timeoutMillis;
    private final long idleFlushMillis;
    private final BlockingQueue<Waiter> waiters = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param timeoutMillis   syncFlushTimeout: how long a producer waits for its fsync
     * @param idleFlushMillis with no waiters, flush at least this often (covers WAIT=false records)
     */
    public GroupCommit(CommitLog log, long timeoutMillis, long idleFlushMillis) {
        this.log = log;
        this.timeoutMillis = timeoutMillis;
        this.idleFlushMillis = idleFlushMillis;
        this.thread = new Thread(this::run, "commitlog-group-commit");
        this.thread.setDaemon(true);
    }

    @Override
    public CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush) {
        if (!waitForFlush || log.flushedOffset() >= endOffset) {
            return DONE;
        }
        CompletableFuture<Boolean> future = new CompletableFuture<Boolean>()
                .completeOnTimeout(false, timeoutMillis, TimeUnit.MILLISECONDS);
        if (!running) {
            future.complete(false);
            return future;
        }
        waiters.add(new Waiter(endOffset, future));
        return future;
    }

    @Override
    public void start() {
        thread.start();
    }

    private void run() {
        List<Waiter> group = new ArrayList<>();
        while (running) {
            try {
                Waiter first = waiters.poll(idleFlushMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    group.add(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            waiters.drainTo(group);
            flushAndRelease(group);
        }
        waiters.drainTo(group);
        flushAndRelease(group);
    }

    private void flushAndRelease(List<Waiter> group) {
        boolean ok = true;
        long flushed = 0;
        try {
            flushed = log.flush();
        } catch (RuntimeException e) {
            LOG.error("commit log fsync failed; {} producers get FLUSH_DISK_TIMEOUT", group.size(), e);
            ok = false;
        }
        for (Waiter waiter : group) {
            // Every waiter was queued after its append, so the flush above covered it unless it failed.
            waiter.future().complete(ok && flushed >= waiter.offset());
        }
        group.clear();
    }

    @Override
    public void shutdown() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
