package io.cometmq.broker.metrics;

import io.cometmq.broker.delay.TimerService;
import io.cometmq.broker.meta.TopicConfigManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The timer families of the MESSAGE_STORE group ({@code storage_type}, {@code storage_medium} labels), from the
 * master's {@link TimerService} (timer messages) and {@code ScheduleService} (delay-level messages):
 * {@code rocketmq_timer_enqueue_lag}, {@code rocketmq_timer_enqueue_latency_milliseconds},
 * {@code rocketmq_timer_dequeue_lag}, {@code rocketmq_timer_dequeue_latency_milliseconds},
 * {@code rocketmq_timer_message_snapshot{timer_bound_s}} (timer messages due within 5 s, 60 s ... 24 h, each bound
 * counting those after the previous one) and {@code rocketmq_timing_messages{topic}}: timer messages under their
 * real topic, delay-level messages under SCHEDULE_TOPIC_XXXX, as Apache RocketMQ 5.5.0 counts them. Only a broker
 * that delivers (the master) reports a backlog; a slave reports zeros and no timing topics.
 */
final class TimerGauges implements MeterBinder {

    /** Apache's timerDistList, in seconds. */
    static final long[] BOUNDS_SECONDS = {5, 60, 300, 900, 3600, 14400, 28800, 86400};

    private final BrokerGaugeSources sources;

    TimerGauges(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Cached<TimerService.Backlog> backlog = new Cached<>(() -> sources.timer().backlog(BOUNDS_SECONDS),
                BrokerGauges.SNAPSHOT_MILLIS, System::currentTimeMillis);
        gauge(registry, "rocketmq_timer_enqueue_lag", null, backlog, TimerService.Backlog::enqueueLag);
        gauge(registry, "rocketmq_timer_enqueue_latency", "milliseconds", backlog,
                TimerService.Backlog::enqueueLatencyMillis);
        gauge(registry, "rocketmq_timer_dequeue_lag", null, backlog, TimerService.Backlog::dequeueLag);
        gauge(registry, "rocketmq_timer_dequeue_latency", "milliseconds", backlog,
                TimerService.Backlog::dequeueLatencyMillis);
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            int bound = i;
            Gauge.builder("rocketmq_timer_message_snapshot", backlog, b -> b.get().dueWithin()[bound])
                    .description(BrokerGauges.GAUGE_HELP).tags(StoreLabels.TAGS)
                    .tag("timer_bound_s", Long.toString(BOUNDS_SECONDS[i])).register(registry);
        }
        Cached<Map<Tags, Long>> timing = new Cached<>(() -> timingMessages(backlog.get()),
                BrokerGauges.SNAPSHOT_MILLIS, System::currentTimeMillis);
        DynamicGauge<Long> timingGauge = new DynamicGauge<>(registry, "rocketmq_timing_messages", null, timing::get,
                Long::doubleValue);
        timingGauge.refresh();
        BrokerGauges.keepRefreshed(sources.scheduler(), timingGauge::refresh);
    }

    private Map<Tags, Long> timingMessages(TimerService.Backlog backlog) {
        Map<Tags, Long> rows = new HashMap<>();
        backlog.waitingByTopic().forEach((topic, count) -> rows.put(timingTags(topic), count));
        if (sources.role().isMaster()) {
            rows.merge(timingTags(TopicConfigManager.SCHEDULE_TOPIC), sources.schedule().waiting(), Long::sum);
        }
        return rows;
    }

    private static Tags timingTags(String topic) {
        return StoreLabels.TAGS.and("topic", topic);
    }

    private static void gauge(MeterRegistry registry, String name, String unit, Cached<TimerService.Backlog> backlog,
            ToDoubleFunction<TimerService.Backlog> value) {
        Gauge.builder(name, backlog, b -> value.applyAsDouble(b.get())).baseUnit(unit)
                .description(BrokerGauges.GAUGE_HELP).tags(StoreLabels.TAGS).register(registry);
    }
}
