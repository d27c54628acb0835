package io.cometmq.broker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The LAG_AND_DLQ gauges, labelled {@code consumer_group, topic, is_retry, is_system}:
 * {@code rocketmq_consumer_lag_messages}, {@code rocketmq_consumer_lag_latency_milliseconds},
 * {@code rocketmq_consumer_inflight_messages}, {@code rocketmq_consumer_ready_messages},
 * {@code rocketmq_consumer_queueing_latency_milliseconds}. One {@link ConsumerLag} snapshot serves all five per
 * scrape. (The DLQ counter of the group is a hot-path counter, not here.)
 */
final class LagGauges implements MeterBinder {

    private final BrokerGaugeSources sources;

    LagGauges(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ConsumerLag lag = new ConsumerLag(sources);
        Cached<Map<Tags, ConsumerLag.Row>> rows = new Cached<>(lag::compute, BrokerGauges.SNAPSHOT_MILLIS,
                System::currentTimeMillis);
        List<DynamicGauge<ConsumerLag.Row>> gauges = List.of(
                gauge(registry, lag, rows, "rocketmq_consumer_lag_messages", null, ConsumerLag.Row::lag),
                gauge(registry, lag, rows, "rocketmq_consumer_lag_latency", "milliseconds",
                        ConsumerLag.Row::lagLatencyMillis),
                gauge(registry, lag, rows, "rocketmq_consumer_inflight_messages", null, ConsumerLag.Row::inflight),
                gauge(registry, lag, rows, "rocketmq_consumer_ready_messages", null, ConsumerLag.Row::ready),
                gauge(registry, lag, rows, "rocketmq_consumer_queueing_latency", "milliseconds",
                        ConsumerLag.Row::queueingLatencyMillis));
        Runnable refresh = () -> {
            Map<Tags, Boolean> labelSets = lag.labelSets(); // once for all five families
            gauges.forEach(gauge -> gauge.refresh(labelSets));
        };
        refresh.run();
        BrokerGauges.keepRefreshed(sources.scheduler(), refresh);
    }

    private static DynamicGauge<ConsumerLag.Row> gauge(MeterRegistry registry, ConsumerLag lag,
            Cached<Map<Tags, ConsumerLag.Row>> rows, String name, String unit,
            ToDoubleFunction<ConsumerLag.Row> value) {
        return new DynamicGauge<>(registry, name, unit, lag::labelSets, rows::get, value);
    }
}
