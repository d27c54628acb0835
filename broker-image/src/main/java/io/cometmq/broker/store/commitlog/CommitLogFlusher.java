package io.cometmq.broker.store.commitlog;

import java.util.concurrent.CompletableFuture;

/** The flush policy behind a put: when may a producer be told its message is stored. */
public interface CommitLogFlusher {

    /**
     * @param endOffset     offset just past the appended records
     * @param waitForFlush  false when the producer asked not to wait (WAIT=false)
     * @return completes with true once the policy is satisfied, false when the flush did not happen in time
     */
    CompletableFuture<Boolean> afterAppend(long endOffset, boolean waitForFlush);

    void start();

    /** Flushes what is written and stops; pending waiters are completed. */
    void shutdown();
}
