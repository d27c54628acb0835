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

    /**
     * {@link #get} for a consumer's pull or pop: the page-cache limits of {@link StoreConfig#transfer()} apply too
     * (fewer messages and bytes when the data is estimated to be on disk). The broker's own services read with
     * {@link #get}.
     */
    GetResult getForConsumer(String topic, int queueId, long offset, int maxMessages, int maxBytes,
            MessageFilter filter);

    /** The settings the store was built with. */
    StoreConfig config();

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

    /** Commit-log offset up to which bytes are on disk (fsynced). */
    long flushedOffset();

    /** Commit-log offset up to which messages are in consume queues and pullable. */
    long dispatchedOffset();

    void addArrivalListener(MessageArrivalListener listener);

    StoreStats.Snapshot stats();

    /** True while writes are refused because the disk is too full. */
    boolean isDiskFull();

    /** Used fraction (0..1) of the file system holding the store, measured now. */
    double diskUsedRatio();

    /** Raw commit-log bytes from {@code offset}, from one file (replication source); empty when none. */
    ByteBuffer readCommitLog(long offset, int maxBytes);

    /** Appends replicated bytes at {@code offset} (slave side); returns the new commit-log max offset. */
    long appendToCommitLog(long offset, ByteBuffer data);

    /**
     * Slave-side repair when this log diverged from the master's: removes every commit-log byte at and after
     * {@code physicalOffset} together with the consume-queue entries and key-index entries pointing there, and
     * rebuilds the queue-offset table from the consume queues. Puts, raw appends and dispatch wait for it; a get
     * already in flight may still return messages it read before the cut. Afterwards {@link #commitLogMaxOffset()}
     * is the cut, {@link #dispatchedOffset()} is at most the cut, raw appends continue at the cut, and a restart
     * recovers this state. An offset of 0 (or below {@link #commitLogMinOffset()}) empties the store: the next raw
     * append may start at any segment base, e.g. the master's min offset. An offset inside a record cuts at that
     * record's start.
     *
     * @param physicalOffset a record boundary or segment base, at most {@link #commitLogMaxOffset()}
     * @throws IllegalArgumentException when the offset is negative or beyond the end of the log
     */
    void truncateTo(long physicalOffset);

    /**
     * Waits until every record now in the commit log, raw-appended ones included, is in the consume queues and
     * the index. Returns false on timeout or interrupt, which also happens while the log ends in an incomplete
     * record (a raw chunk that stopped mid-record) or corrupt bytes.
     */
    boolean awaitDispatched(long timeoutMillis);

    /**
     * Readies a slave's store to be written as master, after replication into it has stopped: dispatches what is
     * left, cuts a tail that cannot be dispatched (a record the old master never finished sending) as crash recovery
     * would, and continues each queue's offsets from its consume queue, so the next put to a queue gets that queue's
     * {@link #maxOffsetInQueue}. Puts made before this call may get wrong queue offsets.
     */
    void prepareForWrites();

    /** Forgets a topic's consume queues (its commit-log records age out normally). */
    void deleteTopic(String topic);

    /** Topics that have consume queues here, with their queue count (highest queue id + 1). */
    java.util.Map<String, Integer> topicQueueCounts();
}
