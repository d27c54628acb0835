package io.cometmq.broker.delay;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.metrics.MessageType;
import io.cometmq.broker.store.GetResult;
import io.cometmq.broker.store.GetStatus;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers delay-level messages when their time comes. Each level has its own queue in SCHEDULE_TOPIC_XXXX and
 * every message in it waits the same time, so a queue is due in order: the service walks each queue from its
 * delivered offset, re-stores due messages to their real topic and remembers the new offset
 * ({@code config/delayOffset.json}), so a restart neither loses nor repeats deliveries beyond the last save.
 */
public final class ScheduleService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
    private static final int BATCH = 32;

    private final MessageStore store;
    private final DelayLevels levels;
    private final Clock clock;
    private final InetSocketAddress storeHost;
    private final MessageMetrics metrics;
    private final JsonFile<Map<String, Map<Integer, Long>>> file;
    private final Map<Integer, Long> offsets = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;
    private ScheduledFuture<?> persistTask;

    public ScheduleService(MessageStore store, DelayLevels levels, Clock clock, InetSocketAddress storeHost,
            Path configDir, MessageMetrics metrics) {
        this.store = store;
        this.levels = levels;
        this.clock = clock;
        this.storeHost = storeHost;
        this.metrics = metrics;
        this.file = new JsonFile<>(configDir.resolve("delayOffset.json"), new TypeReference<>() { });
        load();
    }

    /** Starts delivering (masters only): checks every 100 ms, saves offsets every second. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        start(scheduler, () -> true);
    }

    /** As {@link #start(ScheduledExecutorService)}, delivering only while {@code mayWrite} holds (master lease). */
    public synchronized void start(ScheduledExecutorService scheduler, java.util.function.BooleanSupplier mayWrite) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(() -> {
                if (mayWrite.getAsBoolean()) {
                    deliverDue();
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            persistTask = scheduler.scheduleWithFixedDelay(this::persist, 1, 1, TimeUnit.SECONDS);
        }
    }

    void deliverDue() {
        try {
            for (int level = 1; level <= levels.maxLevel(); level++) {
                deliverLevel(level);
            }
        } catch (RuntimeException e) {
            log.warn("delivering delayed messages failed; retrying", e);
        }
    }

    private void deliverLevel(int level) {
        long delay = levels.delayMillis(level);
        while (true) {
            long offset = offsets.getOrDefault(level, 0L);
            GetResult result = store.get(TopicConfigManager.SCHEDULE_TOPIC, level - 1, offset, BATCH,
                    4 * 1024 * 1024, MessageFilter.ALL);
            if (result.status() != GetStatus.FOUND) {
                if (result.nextBeginOffset() > offset && result.status() != GetStatus.OFFSET_OVERFLOW_BADLY) {
                    offsets.put(level, result.nextBeginOffset()); // skip what retention already removed
                }
                return;
            }
            for (int i = 0; i < result.messageCount(); i++) {
                StoredMessageView parked = new StoredMessageView(result.messages().get(i).duplicate());
                if (parked.storeTimestamp() + delay > clock.millis()) {
                    return; // this one and everything after it in the queue is not due yet
                }
                if (!deliver(parked)) {
                    return; // store refused (disk full, shutting down): try again next round
                }
                offsets.put(level, result.queueOffsets().get(i) + 1);
            }
        }
    }

    /** Re-stores one due message to its real topic; false when the store refused it. */
    boolean deliver(StoredMessageView parked) {
        MessageToStore real = DelayRouter.restore(parked, storeHost);
        if (real == null) {
            log.warn("dropping a delayed message at offset {} without REAL_TOPIC/REAL_QID", parked.physicalOffset());
            return true;
        }
        PutResult result = store.put(real).join();
        if (!result.status().isStored()) {
            log.warn("cannot deliver delayed message to {}: {}", real.topic(), result.status());
            return false;
        }
        metrics.messageIn(real.topic(), MessageType.DELAY, result.appendResult().size());
        return true;
    }

    /** Delay-level messages stored and not yet delivered, over all levels (metrics). */
    public long waiting() {
        long waiting = 0;
        for (int level = 1; level <= levels.maxLevel(); level++) {
            long stored = store.maxOffsetInQueue(TopicConfigManager.SCHEDULE_TOPIC, level - 1);
            waiting += Math.max(0, stored - offsets.getOrDefault(level, 0L));
        }
        return waiting;
    }

    /** Delivered offset per level (GET_ALL_DELAY_OFFSET; slaves copy it). */
    public Map<Integer, Long> offsets() {
        return new TreeMap<>(offsets);
    }

    /** A slave adopts its master's progress, so after promotion it delivers from where the master stopped. */
    public void replaceOffsets(Map<Integer, Long> masterOffsets) {
        offsets.putAll(masterOffsets);
        persist();
    }

    private void load() {
        try {
            Map<String, Map<Integer, Long>> stored = file.read();
            if (stored != null) {
                offsets.putAll(stored.getOrDefault("offsetTable", Map.of()));
            }
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public synchronized void persist() {
        try {
            file.write(Map.of("offsetTable", new TreeMap<>(offsets)));
        } catch (UncheckedIOException e) {
            log.warn("cannot save delay offsets: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            persistTask.cancel(false);
            task = null; // a demoted master promoted again starts delivering again
        }
        persist();
    }

}
