package io.cometmq.broker.metrics;

import io.cometmq.broker.transaction.WaitingHalfMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Map;

/**
 * The TRANSACTION group's gauge: {@code rocketmq_half_messages{topic}}, transactions waiting for a commit or
 * rollback ({@link WaitingHalfMessages}). The counters of the group (commits, rollbacks, finish latency) are recorded
 * on the request path, not here.
 */
final class HalfMessageGauges implements MeterBinder {

    private final BrokerGaugeSources sources;

    HalfMessageGauges(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        WaitingHalfMessages waiting = new WaitingHalfMessages(sources.transactions());
        Cached<Map<Tags, Long>> byTopic = new Cached<>(() -> {
            Map<Tags, Long> rows = new HashMap<>();
            waiting.byTopic().forEach((topic, count) -> rows.put(Tags.of("topic", topic), count));
            return rows;
        }, BrokerGauges.SNAPSHOT_MILLIS, System::currentTimeMillis);
        DynamicGauge<Long> gauge = new DynamicGauge<>(registry, "rocketmq_half_messages", null, byTopic::get,
                Long::doubleValue);
        gauge.refresh();
        BrokerGauges.keepRefreshed(sources.scheduler(), gauge::refresh);
    }
}
