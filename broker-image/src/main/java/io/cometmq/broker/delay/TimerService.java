package io.cometmq.broker.delay;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.metrics.MessageType;
import io.cometmq.broker.store.GetResult;
import io.cometmq.broker.store.GetStatus;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers messages with an arbitrary delivery time (RocketMQ 5 timer messages). They arrive in the timer topic in
 * send order, not due order, so the service keeps the not-yet-due ones in a time-ordered map and remembers the
 * lowest queue offset not yet delivered ({@code config/timerOffset}); after a restart it reloads from there, so
 * nothing is lost (a message delivered just before a crash may be delivered twice, as RocketMQ allows).
 */
public final class TimerService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimerService.class);
    private static final int BATCH = 64;

    /** One parked message: where it is and the topic it is for. */
    private record Parked(long queueOffset, long physicalOffset, String topic) {
    }

    /**
     * What waits here, for metrics (all zero while this broker does not deliver, i.e. on a slave).
     *
     * @param waitingByTopic   parked messages per real topic; a topic stays listed at 0 once it had some
     * @param dueWithin        parked messages due within each of {@code boundsSeconds}, each bound counting those
     *                         due after the previous bound (the first: after now)
     * @param enqueueLag       timer-topic messages not yet loaded into the schedule
     * @param enqueueLatencyMillis age of the oldest of those
     * @param dequeueLag       due messages not yet delivered
     * @param dequeueLatencyMillis how long the most overdue of those is overdue
     */
    public record Backlog(Map<String, Long> waitingByTopic, long[] dueWithin, long enqueueLag,
            long enqueueLatencyMillis, long dequeueLag, long dequeueLatencyMillis) {
    }

    private final MessageStore store;
    private final Clock clock;
    private final InetSocketAddress storeHost;
    private final MessageMetrics metrics;
    private final JsonFile<Long> file;
    private final NavigableMap<Long, List<Parked>> pending = new TreeMap<>();
    private final TreeSet<Long> delivered = new TreeSet<>();
    /** Parked messages per real topic (for metrics); topics stay at 0, bounded by the topics that used timers. */
    private final Map<String, Long> waitingByTopic = new HashMap<>();
    private final Map<String, String> topicNames = new HashMap<>();
    private long lowWater;
    private long loadedUpTo;
    private ScheduledFuture<?> task;

    public TimerService(MessageStore store, Clock clock, InetSocketAddress storeHost, Path configDir,
            MessageMetrics metrics) {
        this.store = store;
        this.clock = clock;
        this.storeHost = storeHost;
        this.metrics = metrics;
        this.file = new JsonFile<>(configDir.resolve("timerOffset"), new TypeReference<>() { });
        this.lowWater = readLowWater();
        this.loadedUpTo = lowWater;
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        start(scheduler, () -> true);
    }

    /** As {@link #start(ScheduledExecutorService)}, delivering only while {@code mayWrite} holds (master lease). */
    public synchronized void start(ScheduledExecutorService scheduler, java.util.function.BooleanSupplier mayWrite) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(() -> {
                if (mayWrite.getAsBoolean()) {
                    tick();
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void tick() {
        try {
            loadNew();
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("delivering timer messages failed; retrying", e);
        }
    }

    private void loadNew() {
        while (true) {
            GetResult result = store.get(DelayRouter.TIMER_TOPIC, 0, loadedUpTo, BATCH, 4 * 1024 * 1024,
                    MessageFilter.ALL);
            if (result.status() != GetStatus.FOUND) {
                if (result.status() == GetStatus.OFFSET_TOO_SMALL) {
                    loadedUpTo = result.nextBeginOffset();
                    lowWater = Math.max(lowWater, loadedUpTo);
                    continue;
                }
                return;
            }
            for (int i = 0; i < result.messageCount(); i++) {
                StoredMessageView message = new StoredMessageView(result.messages().get(i).duplicate());
                long due = dueTime(message);
                String topic = realTopic(message);
                pending.computeIfAbsent(due, k -> new ArrayList<>())
                        .add(new Parked(result.queueOffsets().get(i), message.physicalOffset(), topic));
                waitingByTopic.merge(topic, 1L, Long::sum);
                metrics.timerEnqueued(topic, (due - message.bornTimestamp()) / 1000);
            }
            loadedUpTo = result.nextBeginOffset();
        }
    }

    /** The topic the message is for; one string per topic, shared by its parked messages. */
    private String realTopic(StoredMessageView message) {
        String topic = message.property(MessageProperties.REAL_TOPIC);
        if (topic == null) {
            topic = message.topic();
        }
        return topicNames.computeIfAbsent(topic, name -> name);
    }

    private static long dueTime(StoredMessageView message) {
        String out = message.property(DelayRouter.TIMER_OUT_MS);
        try {
            return out == null ? message.storeTimestamp() : Long.parseLong(out);
        } catch (NumberFormatException e) {
            return message.storeTimestamp();
        }
    }

    private void deliverDue() {
        long now = clock.millis();
        boolean progressed = false;
        for (Iterator<Map.Entry<Long, List<Parked>>> it = pending.headMap(now, true).entrySet().iterator();
                it.hasNext(); ) {
            List<Parked> due = it.next().getValue();
            for (Iterator<Parked> parked = due.iterator(); parked.hasNext(); ) {
                Parked next = parked.next();
                if (!deliver(next)) {
                    return; // store refused: keep the rest for the next tick
                }
                parked.remove();
                waitingByTopic.merge(next.topic(), -1L, Long::sum);
                delivered.add(next.queueOffset());
                progressed = true;
            }
            it.remove();
        }
        if (progressed) {
            while (delivered.remove(lowWater)) {
                lowWater++;
            }
            writeLowWater();
        }
    }

    private boolean deliver(Parked parked) {
        StoredMessageView message = store.lookMessageByOffset(parked.physicalOffset()).orElse(null);
        if (message == null) {
            return true; // aged out of the log: nothing left to deliver
        }
        MessageToStore real = DelayRouter.restore(message, storeHost);
        if (real == null) {
            return true;
        }
        PutResult result = store.put(real).join();
        if (!result.status().isStored()) {
            log.warn("cannot deliver timer message to {}: {}", real.topic(), result.status());
            return false;
        }
        metrics.timerDequeued(real.topic());
        metrics.messageIn(real.topic(), MessageType.DELAY, result.appendResult().size());
        return true;
    }

    /**
     * The backlog now. Cost: O(topics + distinct due times within the largest bound) under this service's lock,
     * plus the store time of one message when loading lags.
     */
    public synchronized Backlog backlog(long[] boundsSeconds) {
        long[] dueWithin = new long[boundsSeconds.length];
        if (task == null) {
            return new Backlog(Map.of(), dueWithin, 0, 0, 0, 0);
        }
        long now = clock.millis();
        long from = now;
        for (int i = 0; i < boundsSeconds.length; i++) {
            long to = now + boundsSeconds[i] * 1000;
            dueWithin[i] = count(pending.subMap(from, false, to, true));
            from = to;
        }
        long dueNow = count(pending.headMap(now, true)); // overdue: in the dequeue lag, in no bucket
        long loadable = store.maxOffsetInQueue(DelayRouter.TIMER_TOPIC, 0) - loadedUpTo;
        long enqueueLatency = 0;
        if (loadable > 0) {
            long stored = store.storeTimeOf(DelayRouter.TIMER_TOPIC, 0, loadedUpTo);
            enqueueLatency = stored > 0 ? Math.max(0, now - stored) : 0;
        }
        long dequeueLatency = dueNow > 0 ? Math.max(0, now - pending.firstKey()) : 0;
        return new Backlog(new HashMap<>(waitingByTopic), dueWithin, Math.max(0, loadable), enqueueLatency, dueNow,
                dequeueLatency);
    }

    private static long count(Map<Long, List<Parked>> due) {
        long n = 0;
        for (List<Parked> parked : due.values()) {
            n += parked.size();
        }
        return n;
    }

    /** Messages waiting for their time (runtime info). */
    public synchronized int pendingCount() {
        return pending.values().stream().mapToInt(List::size).sum();
    }

    private long readLowWater() {
        try {
            Long stored = file.read();
            return stored == null ? 0 : stored;
        } catch (UncheckedIOException e) {
            log.warn("{}; reloading timer messages from the start", e.getMessage());
            return 0;
        }
    }

    private void writeLowWater() {
        try {
            file.write(lowWater);
        } catch (UncheckedIOException e) {
            log.warn("cannot save timer progress: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null; // a demoted master promoted again starts delivering again
        }
    }
}
