package io.cometmq.broker.pop;

import io.cometmq.broker.store.queue.MessageArrivalListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling of POP_MESSAGE and NOTIFICATION: a request that found nothing is parked under every topic it reads (the
 * topic and the group's retry topics) and run again when a message arrives in one of them, when a FIFO queue unblocks
 * ({@link #wake}), or answered as timed out at its deadline. At most {@code perKey} requests wait per topic, group and
 * queue and {@code total} in all; beyond that a request is refused (POLLING_FULL).
 */
public final class PopLongPolling implements MessageArrivalListener {

    private static final Logger log = LoggerFactory.getLogger(PopLongPolling.class);

    /**
     * A parked request. {@code retry} runs it again; {@code expire} answers it as timed out; exactly one of them runs.
     *
     * @param topic   the topic the request consumes ({@code queueId} is one of its queues, or -1 for all)
     * @param topics  every topic it reads: {@code topic} and the group's retry topics
     */
    public record Parked(String key, String topic, Set<String> topics, int queueId, long deadlineMillis,
            Runnable retry, Runnable expire, AtomicBoolean released) {

        public Parked(String key, String topic, Set<String> topics, int queueId, long deadlineMillis, Runnable retry,
                Runnable expire) {
            this(key, topic, topics, queueId, deadlineMillis, retry, expire, new AtomicBoolean());
        }
    }

    private final Clock clock;
    private final Executor executor;
    private final int perKey;
    private final int total;
    private final Map<String, Set<Parked>> byTopic = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perKeyCounts = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    /** Arrivals per topic: a request notes it before reading, so an arrival racing its parking is not missed. */
    private final Map<String, AtomicLong> arrivals = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> checker;

    public PopLongPolling(Clock clock, Executor executor, int perKey, int total) {
        this.clock = clock;
        this.executor = executor;
        this.perKey = perKey;
        this.total = total;
    }

    public void start(ScheduledExecutorService scheduler, long checkIntervalMillis) {
        checker = scheduler.scheduleWithFixedDelay(this::expireDue, checkIntervalMillis, checkIntervalMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Sum of the arrival counters of {@code topics}, to pass to {@link #park} after an empty read. */
    long arrivalMark(Set<String> topics) {
        long sum = 0;
        for (String topic : topics) {
            AtomicLong n = arrivals.get(topic);
            sum += n == null ? 0 : n.get();
        }
        return sum;
    }

    /** Parks a request; false when the limits are reached (the caller answers POLLING_FULL). */
    boolean park(Parked parked, long arrivalMarkBeforeRead) {
        AtomicInteger keyCount = perKeyCounts.computeIfAbsent(parked.key(), k -> new AtomicInteger());
        if (keyCount.incrementAndGet() > perKey) {
            keyCount.decrementAndGet();
            return false;
        }
        if (count.incrementAndGet() > total) {
            count.decrementAndGet();
            keyCount.decrementAndGet();
            return false;
        }
        for (String topic : parked.topics()) {
            byTopic.computeIfAbsent(topic, k -> ConcurrentHashMap.newKeySet()).add(parked);
        }
        if (arrivalMark(parked.topics()) != arrivalMarkBeforeRead) {
            release(parked, parked.retry());
        }
        return true;
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagsCode) {
        arrivals.computeIfAbsent(topic, k -> new AtomicLong()).incrementAndGet();
        Set<Parked> waiting = byTopic.get(topic);
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        for (Parked parked : List.copyOf(waiting)) {
            if (parked.queueId() < 0 || parked.queueId() == queueId || !parked.topic().equals(topic)) {
                release(parked, parked.retry());
            }
        }
    }

    /** Runs every request parked on {@code topic} again (a FIFO queue of it unblocked). */
    public void wake(String topic) {
        arrivals.computeIfAbsent(topic, k -> new AtomicLong()).incrementAndGet();
        Set<Parked> waiting = byTopic.get(topic);
        if (waiting != null) {
            List.copyOf(waiting).forEach(parked -> release(parked, parked.retry()));
        }
    }

    private void expireDue() {
        long now = clock.millis();
        List<Parked> due = new ArrayList<>();
        for (Set<Parked> waiting : byTopic.values()) {
            for (Parked parked : waiting) {
                if (now >= parked.deadlineMillis()) {
                    due.add(parked);
                }
            }
        }
        due.forEach(parked -> release(parked, parked.expire()));
    }

    /** Unparks once (whoever removes it first runs {@code action}). */
    private void release(Parked parked, Runnable action) {
        if (!parked.released().compareAndSet(false, true)) {
            return;
        }
        unindex(parked);
        count.decrementAndGet();
        AtomicInteger keyCount = perKeyCounts.get(parked.key());
        if (keyCount != null) {
            keyCount.decrementAndGet();
        }
        try {
            executor.execute(action);
        } catch (RuntimeException e) {
            log.warn("cannot answer a held POP request ({}): {}", parked.key(), e.toString());
        }
    }

    private void unindex(Parked parked) {
        for (String topic : parked.topics()) {
            Set<Parked> waiting = byTopic.get(topic);
            if (waiting != null) {
                waiting.remove(parked);
            }
        }
    }

    /** Answers every parked request as timed out (shutdown). */
    public void releaseAll() {
        if (checker != null) {
            checker.cancel(false);
        }
        for (Set<Parked> waiting : byTopic.values()) {
            List.copyOf(waiting).forEach(parked -> {
                if (parked.released().compareAndSet(false, true)) {
                    unindex(parked);
                    count.decrementAndGet();
                    parked.expire().run();
                }
            });
        }
    }

    public int parkedCount() {
        return count.get();
    }
}
