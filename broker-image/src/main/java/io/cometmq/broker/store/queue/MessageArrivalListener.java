package io.cometmq.broker.store.queue;

/**
 * Told when a message became pullable (its consume-queue entry is written). Long polling hooks in here. Called on
 * the dispatcher thread, so implementations must hand work off rather than block.
 */
@FunctionalInterface
public interface MessageArrivalListener {
    void onArrival(String topic, int queueId, long queueOffset, long tagsCode);
}
