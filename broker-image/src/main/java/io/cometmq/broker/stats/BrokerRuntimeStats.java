package io.cometmq.broker.stats;

import io.cometmq.broker.BrokerStats;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the broker's put/get counters every second and derives what GET_BROKER_RUNTIME_INFO reports: TPS over
 * 10 s / 60 s / 600 s and the day-start totals.
 */
public final class BrokerRuntimeStats {

    private static final long SAMPLE_PERIOD_MILLIS = 1000;
    /** 600 s of one-second samples, plus the one the window starts from. */
    private static final int SAMPLES = 601;
    private static final long[] TPS_WINDOWS_MILLIS = {10_000, 60_000, 600_000};

    private final BrokerStats counters;
    private final Clock clock;
    private final CounterHistory puts;
    private final CounterHistory gets;

    public BrokerRuntimeStats(BrokerStats counters, Clock clock, ZoneId zone) {
        this.counters = counters;
        this.clock = clock;
        this.puts = new CounterHistory(SAMPLES, zone);
        this.gets = new CounterHistory(SAMPLES, zone);
        sample();
    }

    /** Samples every second on {@code scheduler} until it is shut down. */
    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleAtFixedRate(this::sample, SAMPLE_PERIOD_MILLIS, SAMPLE_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    void sample() {
        long now = clock.millis();
        puts.record(now, counters.messagesPut());
        gets.record(now, counters.messagesGot());
    }

    public CounterHistory puts() {
        return puts;
    }

    public CounterHistory gets() {
        return gets;
    }

    /** "10s 60s 600s" rates as RocketMQ prints them: space separated, the first one read by mqadmin. */
    public static String tpsTriple(CounterHistory counter) {
        StringBuilder text = new StringBuilder();
        for (long window : TPS_WINDOWS_MILLIS) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(String.format(Locale.ROOT, "%.2f", counter.perSecond(window)));
        }
        return text.toString();
    }
}
