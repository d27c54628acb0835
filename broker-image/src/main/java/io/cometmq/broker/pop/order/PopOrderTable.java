package io.cometmq.broker.pop.order;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import io.cometmq.broker.pop.PopOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;

/**
 * The FIFO pop state of every (topic, group, queue): the {@link OrderBatch} popped last. Persisted in
 * {@code consumerOrderInfo.json} on the consumer-offset flush schedule and at shutdown, and copied to slaves, so a
 * restarted or promoted broker keeps blocking a queue whose batch is not acked yet and keeps counting deliveries.
 * A queue not popped for {@link #EXPIRY} is forgotten when the table is saved, as Apache RocketMQ does.
 */
public final class PopOrderTable implements PopOrder {

    /** How long the state of a queue nobody pops any more is kept. */
    public static final Duration EXPIRY = Duration.ofHours(24);
    private static final String SEPARATOR = "@";

    private final JsonFile<Map<String, Map<Integer, OrderBatch>>> file;
    private final Clock clock;
    private final ConcurrentMap<String, ConcurrentMap<Integer, OrderBatch>> table = new ConcurrentHashMap<>();

    public PopOrderTable(Path configDir, Clock clock) {
        this.file = new JsonFile<>(configDir.resolve("consumerOrderInfo.json"), new TypeReference<>() { });
        this.clock = clock;
        Map<String, Map<Integer, OrderBatch>> stored = file.read();
        if (stored != null) {
            replaceFrom(stored);
        }
    }

    private static String key(String topic, String group) {
        return topic + SEPARATOR + group;
    }

    private ConcurrentMap<Integer, OrderBatch> queues(String topic, String group) {
        return table.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>());
    }

    private OrderBatch batch(String topic, String group, int queueId) {
        Map<Integer, OrderBatch> queues = table.get(key(topic, group));
        return queues == null ? null : queues.get(queueId);
    }

    @Override
    public boolean blocked(String topic, String group, int queueId, String attemptId, long now) {
        OrderBatch batch = batch(topic, group, queueId);
        return batch != null && batch.blocks(attemptId, now);
    }

    @Override
    public List<Integer> recordPop(String topic, String group, int queueId, String attemptId, long popTime,
            long invisibleTime, List<Long> offsets) {
        if (offsets.isEmpty()) {
            return List.of();
        }
        OrderBatch recorded = queues(topic, group).compute(queueId, (q, last) -> last == null
                ? OrderBatch.first(attemptId, popTime, invisibleTime, offsets)
                : last.next(attemptId, popTime, invisibleTime, offsets));
        return recorded.deliveryCounts();
    }

    /** A handle of an earlier batch (other popTime) or an offset outside the batch moves nothing. */
    @Override
    public long ack(String topic, String group, int queueId, long offset, long popTime) {
        Map<Integer, OrderBatch> queues = table.get(key(topic, group));
        if (queues == null) {
            return -1;
        }
        OrderBatch acked = queues.computeIfPresent(queueId, (q, batch) ->
                batch.popTime() == popTime && batch.contains(offset) ? batch.ack(offset) : batch);
        return acked != null && acked.popTime() == popTime && acked.contains(offset) ? acked.nextOffset() : -1;
    }

    @Override
    public boolean changeInvisible(String topic, String group, int queueId, long offset, long popTime,
            long nextVisibleTime) {
        Map<Integer, OrderBatch> queues = table.get(key(topic, group));
        if (queues == null) {
            return false;
        }
        OrderBatch changed = queues.computeIfPresent(queueId, (q, batch) ->
                batch.popTime() == popTime && batch.contains(offset)
                        ? batch.visibleAgainAt(offset, nextVisibleTime) : batch);
        return changed != null && changed.popTime() == popTime && changed.contains(offset);
    }

    @Override
    public void clear(String topic, String group) {
        table.remove(key(topic, group));
    }

    /** Forgets every topic and group for which {@code exists} is false (a topic or group was deleted). */
    public void retainIf(BiPredicate<String, String> exists) {
        table.keySet().removeIf(key -> {
            int at = key.lastIndexOf(SEPARATOR);
            return !exists.test(key.substring(0, at), key.substring(at + 1));
        });
    }

    /** The batch popped last from a queue, or null: what the queue's FIFO state is now (admin and tests). */
    public OrderBatch lastBatch(String topic, String group, int queueId) {
        return batch(topic, group, queueId);
    }

    /** The whole table keyed {@code topic@group}, then queue id: what is saved and what slaves copy. */
    public Map<String, Map<Integer, OrderBatch>> snapshot() {
        Map<String, Map<Integer, OrderBatch>> copy = new TreeMap<>();
        table.forEach((key, queues) -> {
            if (!queues.isEmpty()) {
                copy.put(key, new TreeMap<>(queues));
            }
        });
        return copy;
    }

    /** A slave takes its master's table as it is: only the master pops, so the slave has nothing of its own. */
    public void replaceFrom(Map<String, Map<Integer, OrderBatch>> master) {
        master.forEach((key, queues) -> {
            if (key.lastIndexOf(SEPARATOR) > 0) {
                table.put(key, new ConcurrentHashMap<>(queues));
            }
        });
        table.keySet().retainAll(master.keySet());
    }

    /** Forgets queues not popped for {@link #EXPIRY}, then saves the table. */
    public void persist() {
        long oldest = clock.millis() - EXPIRY.toMillis();
        table.values().forEach(queues -> queues.values().removeIf(batch -> batch.popTime() < oldest));
        file.write(snapshot());
    }
}
