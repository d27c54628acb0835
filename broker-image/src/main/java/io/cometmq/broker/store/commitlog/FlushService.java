package io.cometmq.broker.store.commitlog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * ASYNC_FLUSH: producers are acknowledged once their bytes are in the page cache; this thread forces the log to
 * disk every interval. A process crash loses nothing (the page cache survives it); a machine crash can lose the last
 * interval.
 */
public final class FlushService implements CommitLogFlusher {
    private static final Logger LOG = LoggerFactory.getLogger(FlushService.class);
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(true);

    private final CommitLog log;
    private final long intervalMillis;
    private final Semaphore stop = new Semaphore(0);
    private final Thread thread;

    public FlushService(CommitLog log, long intervalMillis) {
        this.log = log;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::run, "commitlog-async-flush");
        this.thread.setDaemon(true);
    }

    @Override
    public CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush) {
        return DONE;
    }

    @Override
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stop.tryAcquire(intervalMillis, TimeUnit.MILLISECONDS)) {
                flushQuietly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }

    private void flushQuietly() {
        try {
            log.flush();
        } catch (RuntimeException e) {
            LOG.error("commit log flush failed", e);
        }
    }

    @Override
    public void shutdown() {
        stop.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
