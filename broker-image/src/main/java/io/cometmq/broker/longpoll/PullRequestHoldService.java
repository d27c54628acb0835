package io.cometmq.broker.longpoll;

import io.cometmq.broker.store.queue.MessageArrivalListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling: pulls that found no message are parked per queue and answered as soon as a matching message is
 * dispatched, or when their hold time runs out. A periodic check also catches arrivals that raced the parking.
 */
public final class PullRequestHoldService implements MessageArrivalListener {

    private static final Logger log = LoggerFactory.getLogger(PullRequestHoldService.class);

    private final Map<String, List<HeldPull>> held = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Executor executor;
    private final BiFunction<String, Integer, Long> maxOffset;

    /**
     * @param executor  runs the retries (never the dispatcher thread)
     * @param maxOffset current max offset of a (topic, queue), to catch arrivals missed while parking
     */
    public PullRequestHoldService(Clock clock, Executor executor, BiFunction<String, Integer, Long> maxOffset) {
        this.clock = clock;
        this.executor = executor;
        this.maxOffset = maxOffset;
    }

    public void start(ScheduledExecutorService scheduler, long checkIntervalMillis) {
        scheduler.scheduleWithFixedDelay(this::checkAll, checkIntervalMillis, checkIntervalMillis,
                TimeUnit.MILLISECONDS);
    }

    public void hold(HeldPull pull) {
        List<HeldPull> queue = held.computeIfAbsent(key(pull.topic(), pull.queueId()), k -> new ArrayList<>());
        synchronized (queue) {
            queue.add(pull);
        }
        // a message may have arrived between the empty read and now
        if (maxOffset.apply(pull.topic(), pull.queueId()) > pull.offset()) {
            wake(pull.topic(), pull.queueId(), Long.MAX_VALUE, null);
        }
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagsCode) {
        wake(topic, queueId, queueOffset, tagsCode);
    }

    /** Releases the pulls of a queue that the arrival satisfies; {@code tagsCode} null = any message. */
    private void wake(String topic, int queueId, long arrivedOffset, Long tagsCode) {
        List<HeldPull> queue = held.get(key(topic, queueId));
        if (queue == null) {
            return;
        }
        List<HeldPull> ready = new ArrayList<>();
        synchronized (queue) {
            for (Iterator<HeldPull> it = queue.iterator(); it.hasNext(); ) {
                HeldPull pull = it.next();
                if (arrivedOffset >= pull.offset() && (tagsCode == null || pull.tagsFilter().test(tagsCode))) {
                    it.remove();
                    ready.add(pull);
                }
            }
        }
        ready.forEach(this::retry);
    }

    private void checkAll() {
        long now = clock.millis();
        for (Map.Entry<String, List<HeldPull>> entry : held.entrySet()) {
            List<HeldPull> queue = entry.getValue();
            List<HeldPull> ready = new ArrayList<>();
            synchronized (queue) {
                for (Iterator<HeldPull> it = queue.iterator(); it.hasNext(); ) {
                    HeldPull pull = it.next();
                    if (now >= pull.deadlineMillis()
                            || maxOffset.apply(pull.topic(), pull.queueId()) > pull.offset()) {
                        it.remove();
                        ready.add(pull);
                    }
                }
            }
            ready.forEach(this::retry);
        }
    }

    private void retry(HeldPull pull) {
        try {
            executor.execute(pull.retry());
        } catch (RuntimeException e) {
            log.warn("cannot answer held pull of {}:{}: {}", pull.topic(), pull.queueId(), e.toString());
        }
    }

    /** Answers every held pull now (shutdown). */
    public void releaseAll() {
        for (List<HeldPull> queue : held.values()) {
            List<HeldPull> ready;
            synchronized (queue) {
                ready = new ArrayList<>(queue);
                queue.clear();
            }
            ready.forEach(pull -> pull.retry().run());
        }
    }

    public int heldCount() {
        return held.values().stream().mapToInt(List::size).sum();
    }

    private static String key(String topic, int queueId) {
        return topic + "@" + queueId;
    }
}
