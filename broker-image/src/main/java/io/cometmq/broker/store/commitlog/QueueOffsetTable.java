package io.cometmq.broker.store.commitlog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Next queue offset per (topic, queueId), assigned at append time under the commit-log writer lock so that offsets
 * are consecutive in commit-log order. Rebuilt at start-up from the recovered consume queues.
 */
public final class QueueOffsetTable {
    /** Identifies one consume queue. */
    public record QueueKey(String topic, int queueId) {
    }

    private final Map<QueueKey, Long> nextOffsets = new ConcurrentHashMap<>();

    /** The offset the next record of this queue gets. */
    public long next(String topic, int queueId) {
        return nextOffsets.getOrDefault(new QueueKey(topic, queueId), 0L);
    }

    /** Called by the writer once a record with {@code offset} is in the log. */
    void assigned(String topic, int queueId, long offset) {
        nextOffsets.put(new QueueKey(topic, queueId), offset + 1);
    }

    /** Replaces the table (start-up, or a slave taking over as writer). */
    public void reset(Map<QueueKey, Long> offsets) {
        nextOffsets.clear();
        nextOffsets.putAll(offsets);
    }

    public void remove(String topic) {
        nextOffsets.keySet().removeIf(key -> key.topic().equals(topic));
    }
}
