package io.cometmq.broker.store;

import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.queue.MessageArrivalListener;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What request processors, long polling and replication see of the store. */
public interface MessageStore {

    /** Recovers from disk and starts the background services. */
    void start();

    /** Refuses new puts, flushes everything, dispatches the rest and writes the checkpoint. */
    void shutdown();

    /** Stores one message; the future completes per the flush policy (SYNC_FLUSH: after its fsync). */
    CompletableFuture<PutResult> put(MessageToStore message);

    /** Stores several messages under one lock; messages of one queue get consecutive queue offsets. */
    CompletableFuture<PutResult> putBatch(List<MessageToStore> messages);

    /**
     * Reads up to {@code maxMessages} / {@code maxBytes} (at least one message if any matches) from a queue.
     */
    GetResult get(String topic, int queueId, long offset, int maxMessages, int maxBytes, MessageFilter filter);

    /** Next queue offset to be written (0 for an unknown queue). */
    long maxOffsetInQueue(String topic, int queueId);

    /** First queue offset still readable (0 for an unknown queue). */
    long minOffsetInQueue(String topic, int queueId);

    /** First queue offset stored at or after {@code timestamp}; the max offset when none is. */
    long offsetInQueueByTime(String topic, int queueId, long timestamp);

    /** Store time of the queue's first readable message, or -1. */
    long earliestMessageTime(String topic, int queueId);

    /** Store time of the commit log's first message, or -1. */
    long earliestMessageTime();

    /** Store time of the message at a queue offset, or -1. */
    long storeTimeOf(String topic, int queueId, long queueOffset);

    /** The record at a commit-log offset (bytes via {@link StoredMessageView#buffer()}). */
    Optional<StoredMessageView> lookMessageByOffset(long physicalOffset);

    /** Messages whose UNIQ_KEY or one of whose KEYS equals {@code key}, stored within [begin, end]. */
    QueryResult queryByKey(String topic, String key, int maxNum, long begin, long end);

    long commitLogMinOffset();

    long commitLogMaxOffset();

    /** Commit-log offset up to which messages are in consume queues and pullable. */
    long dispatchedOffset();

    void addArrivalListener(MessageArrivalListener listener);

    StoreStats.Snapshot stats();

    /** True while writes are refused because the disk is too full. */
    boolean isDiskFull();

    /** Raw commit-log bytes from {@code offset}, from one file (replication source); empty when none. */
    ByteBuffer readCommitLog(long offset, int maxBytes);

    /** Appends replicated bytes at {@code offset} (slave side); returns the new commit-log max offset. */
    long appendToCommitLog(long offset, ByteBuffer data);

    /** Forgets a topic's consume queues (its commit-log records age out normally). */
    void deleteTopic(String topic);
}
