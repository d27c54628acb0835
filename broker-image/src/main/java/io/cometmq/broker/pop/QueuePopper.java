package io.cometmq.broker.pop;

import io.cometmq.broker.store.GetResult;
import io.cometmq.broker.store.GetStatus;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.pop.PopNames;
import io.cometmq.protocol.pop.PopOffsetInfo;
import io.cometmq.protocol.pop.ReceiptHandle;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Pops one queue for one request: finds the group's offset (initialising it for a new group), reads up to the
 * request's remaining room, writes the check point (FIFO: records the batch in {@link PopOrder}), commits the consumer
 * offset and adds messages and offset infos to the {@link PopBatch}.
 */
final class QueuePopper {

    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final PopServices s;
    private final PopQueueLocks locks;

    QueuePopper(PopServices s, PopQueueLocks locks) {
        this.s = s;
        this.locks = locks;
    }

    /**
     * @param topic         the topic read: the consumed one or one of the group's retry topics
     * @param consumedTopic the topic the request names (retry messages are handed out under it)
     */
    void pop(PopHeaders.PopRequest request, String topic, String consumedTopic, int queueId, MessageFilter filter,
            PopBatch batch) {
        String group = request.group();
        String lockKey = PopQueueLocks.key(topic, group, queueId);
        if (!locks.tryLock(lockKey)) {
            return;
        }
        try {
            long offset = startOffset(group, topic, queueId, request.initMode());
            if (batch.room() <= 0) {
                batch.restNum += Math.max(0, s.store().maxOffsetInQueue(topic, queueId) - offset);
                return;
            }
            if (request.order() && s.order().blocked(topic, group, queueId, request.attemptId(), batch.popTime)) {
                return;
            }
            GetResult result = s.store().getForConsumer(topic, queueId, offset, batch.room(), MAX_BYTES, filter);
            if (misplaced(result.status()) && result.nextBeginOffset() != offset) {
                offset = result.nextBeginOffset(); // retention removed the head, or the offset was past the end
                s.offsets().commit(group, topic, queueId, offset);
                result = s.store().getForConsumer(topic, queueId, offset, batch.room(), MAX_BYTES, filter);
            }
            batch.restNum += Math.max(0, result.maxOffset() - result.nextBeginOffset());
            if (result.status() != GetStatus.FOUND) {
                if (result.nextBeginOffset() > offset) {
                    s.offsets().commit(group, topic, queueId, result.nextBeginOffset()); // filtered out: skip them
                }
                return;
            }
            List<Long> queueOffsets = result.queueOffsets();
            if (request.order()) {
                List<Integer> counts = s.order().recordPop(topic, group, queueId, request.attemptId(), batch.popTime,
                        request.invisibleTime(), queueOffsets);
                s.offsets().commit(group, topic, queueId, offset);
                for (int i = 0; i < queueOffsets.size(); i++) {
                    PopOffsetInfo.appendOffsetOrderCount(batch.orderCountInfo, topic, queueId, queueOffsets.get(i),
                            i < counts.size() ? counts.get(i) : 0);
                }
            } else {
                CheckPoint ck = new CheckPoint(group, topic, queueId, offset, batch.popTime, request.invisibleTime(),
                        queueOffsets, result.nextBeginOffset(), s.brokerName());
                String failure = s.reviveLog().write(batch.reviveQid, ck);
                if (failure != null) {
                    batch.failure = failure;
                    return; // nothing handed out, offset not moved: the next pop reads these messages again
                }
                s.offsets().commit(group, topic, queueId, result.nextBeginOffset());
            }
            PopOffsetInfo.appendStartOffset(batch.startOffsetInfo, topic, queueId, offset);
            PopOffsetInfo.appendMessageOffsets(batch.msgOffsetInfo, topic, queueId, queueOffsets);
            s.stats().got(result.messageCount());
            s.metrics().messagesOut(consumedTopic, group, result.messageCount(), result.totalBytes());
            boolean retry = GroupTopics.isRetryTopic(topic);
            for (int i = 0; i < result.messageCount(); i++) {
                ByteBuffer message = result.messages().get(i);
                if (retry) {
                    String handle = new ReceiptHandle(offset, batch.popTime, request.invisibleTime(),
                            batch.reviveQid, PopNames.retryMarker(topic), s.brokerName(),
                            queueId, queueOffsets.get(i), ReceiptHandle.NO_COMMIT_LOG_OFFSET)
                            .encodeWithoutCommitLogOffset();
                    batch.messages.add(RetryMessages.forConsumer(message, consumedTopic, handle));
                } else {
                    batch.messages.add(message.duplicate());
                }
            }
        } finally {
            locks.unlock(lockKey);
        }
    }

    /** Where the group pops this queue next; a group without an offset gets one (research §3.5) and it is committed. */
    long startOffset(String group, String topic, int queueId, int initMode) {
        long reset = s.offsets().pendingReset(group, topic, queueId);
        if (reset >= 0) {
            s.offsets().clearReset(group, topic, queueId);
            if (s.order() != null) {
                s.order().clear(topic, group);
            }
            return reset;
        }
        long committed = s.offsets().query(group, topic, queueId);
        if (committed >= 0) {
            return committed;
        }
        long offset;
        if (initMode == PopHeaders.INIT_MODE_MIN || GroupTopics.isRetryTopic(topic)) {
            offset = s.store().minOffsetInQueue(topic, queueId);
        } else if (s.pop().initPopOffsetByCheckMsgInMem() && s.store().minOffsetInQueue(topic, queueId) <= 0
                && firstMessageInMemory(topic, queueId)) {
            offset = 0;
        } else {
            offset = Math.max(0, s.store().maxOffsetInQueue(topic, queueId) - 1);
        }
        s.offsets().commit(group, topic, queueId, offset);
        return offset;
    }

    /** Whether the queue's message at offset 0 is close enough to the log's end to be in the page cache. */
    private boolean firstMessageInMemory(String topic, int queueId) {
        GetResult first = s.store().get(topic, queueId, 0, 1, MAX_BYTES, MessageFilter.ALL);
        if (first.status() != GetStatus.FOUND) {
            return s.store().maxOffsetInQueue(topic, queueId) == 0;
        }
        long physical = new StoredMessageView(first.messages().get(0).duplicate()).physicalOffset();
        return s.store().commitLogMaxOffset() - physical <= s.inMemoryBytes();
    }

    private static boolean misplaced(GetStatus status) {
        return status == GetStatus.OFFSET_TOO_SMALL || status == GetStatus.OFFSET_OVERFLOW_BADLY
                || status == GetStatus.OFFSET_FOUND_NULL;
    }
}
