package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.AppendResult;
import io.cometmq.broker.store.commitlog.AppendStatus;
import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.commitlog.CommitLogFlusher;
import io.cometmq.broker.store.message.InvalidMessageException;
import io.cometmq.broker.store.message.MessageEncoder;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageRecord;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.UniqueKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The put path: refuse early (store stopped, disk full), give messages without UNIQ_KEY one, encode outside the
 * lock, append, then complete per the flush policy.
 */
final class MessageWriter {
    private static final Logger LOG = LoggerFactory.getLogger(MessageWriter.class);

    private final CommitLog commitLog;
    private final CommitLogFlusher flusher;
    private final MessageEncoder encoder;
    private final DiskSpaceGuard diskGuard;
    private final StoreStats stats;
    private final BooleanSupplier running;
    private final Clock clock;
    private final Map<InetAddress, UniqueKeyGenerator> keyGenerators = new ConcurrentHashMap<>();

    MessageWriter(CommitLog commitLog, CommitLogFlusher flusher, MessageEncoder encoder, DiskSpaceGuard diskGuard,
            StoreStats stats, BooleanSupplier running, Clock clock) {
        this.commitLog = commitLog;
        this.flusher = flusher;
        this.encoder = encoder;
        this.diskGuard = diskGuard;
        this.stats = stats;
        this.running = running;
        this.clock = clock;
    }

    CompletableFuture<PutResult> put(List<MessageToStore> messages) {
        if (messages.isEmpty()) {
            return refuse(PutStatus.MESSAGE_ILLEGAL, "empty batch");
        }
        if (!running.getAsBoolean()) {
            return refuse(PutStatus.SERVICE_NOT_AVAILABLE, "message store is not running");
        }
        if (diskGuard.isFull()) {
            return refuse(PutStatus.DISK_FULL, diskGuard.refusal());
        }
        List<MessageRecord> records = new ArrayList<>(messages.size());
        boolean waitForFlush = false;
        try {
            for (MessageToStore message : messages) {
                MessageRecord record = encoder.encode(withUniqueKey(message));
                waitForFlush |= record.waitForFlush();
                records.add(record);
            }
        } catch (InvalidMessageException e) {
            PutStatus status = e.reason() == InvalidMessageException.Reason.PROPERTIES_SIZE_EXCEEDED
                    ? PutStatus.PROPERTIES_SIZE_EXCEEDED : PutStatus.MESSAGE_ILLEGAL;
            return refuse(status, e.getMessage());
        }
        long started = System.nanoTime();
        List<AppendResult> results;
        try {
            results = commitLog.appendBatch(records);
        } catch (RuntimeException e) {
            LOG.error("commit log append failed", e);
            return refuse(PutStatus.UNKNOWN_ERROR, "commit log append failed: " + e);
        }
        AppendResult first = results.get(0);
        if (first.status() == AppendStatus.RECORD_LARGER_THAN_SEGMENT) {
            return refuse(PutStatus.MESSAGE_ILLEGAL, "message record larger than a commit-log file ("
                    + commitLog.segmentSize() + " bytes)");
        }
        AppendResult last = results.get(results.size() - 1);
        long sum = 0;
        for (AppendResult result : results) {
            sum += result.size();
        }
        long bytes = sum;
        return flusher.afterAppend(last.endOffset(), waitForFlush).thenApply(flushed -> {
            stats.putSucceeded(results.size(), bytes, System.nanoTime() - started);
            return new PutResult(flushed ? PutStatus.OK : PutStatus.FLUSH_DISK_TIMEOUT, results,
                    flushed ? null : "fsync did not complete within syncFlushTimeout");
        });
    }

    private CompletableFuture<PutResult> refuse(PutStatus status, String remark) {
        stats.putFailed();
        return CompletableFuture.completedFuture(PutResult.refused(status, remark));
    }

    /** Java brokers give every message a UNIQ_KEY (generated with the broker's own address) if it lacks one. */
    private MessageToStore withUniqueKey(MessageToStore message) {
        if (message.property(MessageProperties.UNIQ_KEY) != null) {
            return message;
        }
        InetAddress address = message.storeHost().getAddress();
        UniqueKeyGenerator generator = keyGenerators.computeIfAbsent(address,
                a -> new UniqueKeyGenerator(a, clock));
        return message.withProperties(MessageProperties.append(message.properties(), MessageProperties.UNIQ_KEY,
                generator.next()));
    }
}
