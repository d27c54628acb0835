package io.cometmq.broker.store;

import io.cometmq.broker.store.message.StoredMessageView;

/**
 * Reads one queue forward in batches, for services that follow a queue of their own (transaction ops, half
 * messages): a head that retention removed is skipped, the end of the queue stops the scan.
 */
public final class QueueScan {

    /** Sees each message once, in queue order. */
    public interface Visitor {
        void visit(long queueOffset, StoredMessageView message);
    }

    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private QueueScan() {
    }

    /**
     * Visits the messages of {@code topic}/{@code queueId} from {@code from} until the end of the queue or
     * {@code upTo} (exclusive), {@code batch} at a time; returns the offset to continue from next time.
     */
    public static long forward(MessageStore store, String topic, int queueId, long from, long upTo, int batch,
            Visitor visitor) {
        long next = from;
        while (next < upTo) {
            GetResult result = store.get(topic, queueId, next, batch, MAX_BYTES, MessageFilter.ALL);
            if (result.status() != GetStatus.FOUND) {
                if (result.nextBeginOffset() > next && result.status() != GetStatus.OFFSET_OVERFLOW_BADLY) {
                    next = result.nextBeginOffset(); // retention removed the head of the queue
                    continue;
                }
                return next;
            }
            for (int i = 0; i < result.messageCount(); i++) {
                long offset = result.queueOffsets().get(i);
                visitor.visit(offset, new StoredMessageView(result.messages().get(i).duplicate()));
                next = offset + 1;
            }
        }
        return next;
    }
}
