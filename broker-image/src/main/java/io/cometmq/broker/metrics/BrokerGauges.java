package io.cometmq.broker.metrics;

import io.cometmq.protocol.metrics.MetricGroup;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's gauge families (docs/METRICS.md), one {@link MeterBinder} per {@code enable*Metrics} group.
 *
 * <p>Families with a fixed label set are plain gauges read at scrape time. Families whose label sets come and go
 * (connections, lag, half and timing messages, replication per slave, is_master's broker id) are
 * {@link DynamicGauge}s: their label sets are refreshed every {@link #REFRESH_MILLIS} on the broker's scheduler,
 * their values are read at scrape time from a snapshot computed at most once per {@link #SNAPSHOT_MILLIS}.
 */
public final class BrokerGauges {

    /** The HELP text Apache RocketMQ's Prometheus exporter writes for every gauge. */
    static final String GAUGE_HELP = "default view for gauge.";
    /** How often label sets are refreshed: a client that connected shows up within this time. */
    static final long REFRESH_MILLIS = 5_000;
    /** One scrape reads each snapshot once, however many series it has. */
    static final long SNAPSHOT_MILLIS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(BrokerGauges.class);

    private BrokerGauges() {
    }

    /** The binders of the enabled groups (none for REQUEST, REMOTING and POP: those are not gauges). */
    public static List<MeterBinder> binders(BrokerGaugeSources sources, Set<MetricGroup> enabled) {
        List<MeterBinder> binders = new ArrayList<>();
        if (enabled.contains(MetricGroup.STATS)) {
            binders.add(new StatsGauges(sources));
        }
        if (enabled.contains(MetricGroup.CONNECTION)) {
            binders.add(new ConnectionGauges(sources));
        }
        if (enabled.contains(MetricGroup.LAG_AND_DLQ)) {
            binders.add(new LagGauges(sources));
        }
        if (enabled.contains(MetricGroup.TRANSACTION)) {
            binders.add(new HalfMessageGauges(sources));
        }
        if (enabled.contains(MetricGroup.MESSAGE_STORE)) {
            binders.add(new StoreGauges(sources));
            binders.add(new TimerGauges(sources));
            binders.add(new ReplicationGauges(sources));
        }
        return binders;
    }

    /** Runs {@code refresh} every {@link #REFRESH_MILLIS}; a failing round is logged and the next one still runs. */
    static void keepRefreshed(ScheduledExecutorService scheduler, Runnable refresh) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                log.warn("refreshing gauge series failed; retrying in {} ms", REFRESH_MILLIS, e);
            }
        }, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }
}
