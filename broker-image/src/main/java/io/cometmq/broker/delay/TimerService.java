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

    /** One parked message: where it is and when it is due. */
    private record Parked(long queueOffset, long physicalOffset) {
    }

    private final MessageStore store;
    private final Clock clock;
    private final InetSocketAddress storeHost;
    private final MessageMetrics metrics;
    private final JsonFile<Long> file;
    private final NavigableMap<Long, List<Parked>> pending = new TreeMap<>();
    private final TreeSet<Long> delivered = new TreeSet<>();
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
                pending.computeIfAbsent(due, k -> new ArrayList<>())
                        .add(new Parked(result.queueOffsets().get(i), message.physicalOffset()));
                String realTopic = message.property(MessageProperties.REAL_TOPIC);
                metrics.timerEnqueued(realTopic != null ? realTopic : message.topic(),
                        (due - message.bornTimestamp()) / 1000);
            }
            loadedUpTo = result.nextBeginOffset();
        }
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
