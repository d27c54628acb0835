package io.cometmq.broker.stats;

import io.cometmq.broker.meta.ConsumerOffsetManager;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume TPS per (group, topic), from how fast the group's committed offsets advance. Clients commit every few
 * seconds, so this samples every 5 s and reports the rate over the last minute.
 */
public final class ConsumeRates {

    private static final Logger log = LoggerFactory.getLogger(ConsumeRates.class);

    private static final long SAMPLE_PERIOD_MILLIS = 5000;
    private static final long WINDOW_MILLIS = 60_000;
    private static final int SAMPLES = (int) (WINDOW_MILLIS / SAMPLE_PERIOD_MILLIS) + 1;

    private final ConsumerOffsetManager offsets;
    private final Clock clock;
    /** Keyed like the offset table, {@code topic@group}. */
    private final Map<String, RateWindow> rates = new ConcurrentHashMap<>();

    public ConsumeRates(ConsumerOffsetManager offsets, Clock clock) {
        this.offsets = offsets;
        this.clock = clock;
    }

    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (RuntimeException e) {
                log.warn("cannot sample consume offsets for consume TPS", e); // a throw would end the schedule
            }
        }, 0, SAMPLE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void sample() {
        long now = clock.millis();
        Map<String, Map<Integer, Long>> snapshot = offsets.snapshot();
        rates.keySet().retainAll(snapshot.keySet());
        snapshot.forEach((key, queues) -> {
            long consumed = queues.values().stream().mapToLong(Long::longValue).sum();
            rates.computeIfAbsent(key, k -> new RateWindow(SAMPLES)).record(now, consumed);
        });
    }

    /** Messages per second the group committed on the topic over the last minute; 0 when unknown. */
    public double perSecond(String group, String topic) {
        RateWindow window = rates.get(topic + "@" + group);
        return window == null ? 0 : window.perSecond(WINDOW_MILLIS);
    }
}
