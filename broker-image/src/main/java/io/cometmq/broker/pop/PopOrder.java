package io.cometmq.broker.pop;

import java.util.List;

/**
 * FIFO pop state per topic, group and queue: the batch popped last, which of it is acked, and how often each
 * message was delivered. A FIFO consumer gets the next messages of a queue only after the last batch is acked (or
 * visible again), which keeps the messages of one message group in order.
 */
public interface PopOrder {

    /**
     * Whether a FIFO pop must skip this queue now: its last batch has unacked messages that are not visible again. A
     * pop with the same {@code attemptId} as that batch is a client's retry and is not blocked.
     */
    boolean blocked(String topic, String group, int queueId, String attemptId, long now);

    /** Records a FIFO pop of {@code offsets} (ascending); returns, per offset, how often it was delivered before. */
    List<Integer> recordPop(String topic, String group, int queueId, String attemptId, long popTime,
            long invisibleTime, List<Long> offsets);

    /**
     * Acks one offset of the last batch; returns the offset the group's consumer offset should move to (the first
     * unacked offset, or the batch's end when all are acked), or -1 when nothing moves (an old or unknown offset).
     */
    long ack(String topic, String group, int queueId, long offset, long popTime);

    /** Makes one offset of the last batch visible again at {@code nextVisibleTime}; false when it is not in it. */
    boolean changeInvisible(String topic, String group, int queueId, long offset, long popTime,
            long nextVisibleTime);

    /** Forgets a group's state for a topic (offset reset, group or topic deleted). */
    void clear(String topic, String group);
}
