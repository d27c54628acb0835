package io.cometmq.broker.metrics;

/**
 * What the broker's message paths report for the counters and histograms of docs/METRICS.md. {@link #NONE} (metrics
 * off) does nothing, so a disabled broker does no metric work on the hot path.
 */
public interface MessageMetrics {

    MessageMetrics NONE = new MessageMetrics() {
    };

    /** False when nothing is recorded: callers skip the work of computing labels. */
    default boolean records() {
        return false;
    }

    /** One stored record of a send (or a retry, schedule or timer re-put) of {@code bytes} bytes. */
    default void messageIn(String topic, MessageType type, int bytes) {
    }

    /** Messages a pull handed to {@code group}. */
    default void messagesOut(String topic, String group, int messages, long bytes) {
    }

    /** A message of {@code topic} (its original topic) moved to {@code group}'s dead-letter queue. */
    default void sentToDlq(String topic, String group) {
    }

    /** A transaction committed {@code secondsSinceBorn} after its half message was born. */
    default void committed(String topic, long secondsSinceBorn) {
    }

    default void rolledBack(String topic) {
    }

    /** A timer or delay message scheduled, asking for delivery {@code delaySeconds} after it was born. */
    default void timerEnqueued(String topic, long delaySeconds) {
    }

    /** A timer or delay message delivered to its real topic. */
    default void timerDequeued(String topic) {
    }

    /** A topic create/update by an administrator, how long it took and whether it worked. */
    default void topicCreated(String topic, long millis, boolean success) {
    }

    /** A subscription group create/update by an administrator. */
    default void consumerGroupCreated(long millis, boolean success) {
    }
}
