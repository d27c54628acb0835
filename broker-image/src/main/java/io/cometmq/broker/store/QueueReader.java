package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.queue.ConsumeQueue;
import io.cometmq.broker.store.queue.ConsumeQueueEntry;
import io.cometmq.broker.store.queue.ConsumeQueueTable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads through the consume queues: the pull path and offset/time lookups. */
final class QueueReader {
    private final ConsumeQueueTable consumeQueues;
    private final CommitLog commitLog;
    private final int maxScanEntries;

    QueueReader(ConsumeQueueTable consumeQueues, CommitLog commitLog, int maxScanEntries) {
        this.consumeQueues = consumeQueues;
        this.commitLog = commitLog;
        this.maxScanEntries = maxScanEntries;
    }

    /** @param limits the page-cache limits of a consumer's read, or null for none */
    GetResult get(String topic, int queueId, long offset, int maxMessages, int maxBytes, MessageFilter filter,
            TransferSettings limits) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        if (queue == null) {
            return GetResult.empty(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (max == 0) {
            return GetResult.empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        }
        if (offset < min) {
            return GetResult.empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
        }
        ByteBuffer entries = queue.entries(offset, Math.max(maxScanEntries, maxMessages));
        if (entries == null) {
            return GetResult.empty(GetStatus.OFFSET_FOUND_NULL, Math.min(queue.nextFileStart(offset), max), min, max);
        }
        return scan(entries, offset, maxMessages, maxBytes, filter, limits, min, max);
    }

    private GetResult scan(ByteBuffer entries, long offset, int maxMessages, int maxBytes, MessageFilter filter,
            TransferSettings limits, long min, long max) {
        List<ByteBuffer> messages = new ArrayList<>();
        List<Long> queueOffsets = new ArrayList<>();
        GetStatus status = GetStatus.NO_MATCHED_MESSAGE;
        long commitLogMin = commitLog.minOffset();
        long logEnd = limits == null ? 0 : commitLog.maxOffset();
        long next = offset;
        int bytes = 0;
        int count = entries.remaining() / ConsumeQueue.ENTRY_SIZE;
        for (int i = 0; i < count; i++) {
            int at = i * ConsumeQueue.ENTRY_SIZE;
            long queueOffset = offset + i;
            long physicalOffset = entries.getLong(at);
            int size = entries.getInt(at + 8);
            long tagsCode = entries.getLong(at + 12);
            if (!messages.isEmpty() && (messages.size() >= maxMessages || bytes + size > maxBytes)) {
                break;
            }
            if (limits != null && limits.isFull(messages.size(), bytes, size,
                    limits.inMemory(physicalOffset, logEnd))) {
                break;
            }
            next = queueOffset + 1;
            if (physicalOffset < 0 || size <= 0) {
                continue; // filler entry
            }
            if (physicalOffset < commitLogMin) {
                status = messages.isEmpty() ? GetStatus.MESSAGE_WAS_REMOVING : status;
                continue;
            }
            if (!filter.matchesTagsCode(tagsCode)) {
                continue;
            }
            ByteBuffer record = commitLog.read(physicalOffset, size);
            if (record == null) {
                status = messages.isEmpty() ? GetStatus.MESSAGE_WAS_REMOVING : status;
                continue;
            }
            if (!filter.matchesMessage(new StoredMessageView(record))) {
                continue;
            }
            messages.add(record);
            queueOffsets.add(queueOffset);
            bytes += size;
            status = GetStatus.FOUND;
        }
        return new GetResult(status, next, min, max, messages, queueOffsets);
    }

    long offsetByTime(String topic, int queueId, long timestamp) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        if (queue == null) {
            return 0;
        }
        long low = queue.minOffset();
        long high = queue.maxOffset() - 1;
        long found = queue.maxOffset();
        while (low <= high) {
            long middle = (low + high) >>> 1;
            long storeTime = storeTimeOf(queue, middle);
            if (storeTime >= timestamp) {
                found = middle;
                high = middle - 1;
            } else {
                low = middle + 1; // includes fillers and deleted messages (-1)
            }
        }
        return found;
    }

    long storeTimeOf(String topic, int queueId, long queueOffset) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        return queue == null ? -1 : storeTimeOf(queue, queueOffset);
    }

    long earliestMessageTime(String topic, int queueId) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        return queue == null ? -1 : storeTimeOf(queue, queue.minOffset());
    }

    private long storeTimeOf(ConsumeQueue queue, long queueOffset) {
        ConsumeQueueEntry entry = queue.entryAt(queueOffset);
        if (entry == null || entry.isFiller()) {
            return -1;
        }
        ByteBuffer record = commitLog.read(entry.commitLogOffset(), entry.size());
        return record == null ? -1 : new StoredMessageView(record).storeTimestamp();
    }
}
