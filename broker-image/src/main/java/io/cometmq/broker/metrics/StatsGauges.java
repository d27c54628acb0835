package io.cometmq.broker.metrics;

import io.cometmq.broker.RoleState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The STATS group: {@code rocketmq_processor_watermark{processor}}, {@code rocketmq_broker_permission},
 * {@code rocketmq_topic_number}, {@code rocketmq_consumer_group_number} and CometMQ's
 * {@code cometmq_broker_is_master{broker_id}}, whose label follows the live broker id (promotion makes a slave's id
 * 0, demotion gives it back a slave id).
 */
final class StatsGauges implements MeterBinder {

    private final BrokerGaugeSources sources;
    private DynamicGauge<RoleState> isMaster;

    StatsGauges(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<String, IntSupplier> pool : sources.watermarks().entrySet()) {
            Gauge.builder("rocketmq_processor_watermark", pool.getValue(), IntSupplier::getAsInt)
                    .description(BrokerGauges.GAUGE_HELP).tag("processor", pool.getKey()).register(registry);
        }
        Gauge.builder("rocketmq_broker_permission", sources.config(), config -> config.brokerPermission())
                .description(BrokerGauges.GAUGE_HELP).register(registry);
        Gauge.builder("rocketmq_topic_number", sources.topics(), topics -> topics.count())
                .description(BrokerGauges.GAUGE_HELP).register(registry);
        Gauge.builder("rocketmq_consumer_group_number", sources.groups(), groups -> groups.count())
                .description(BrokerGauges.GAUGE_HELP).register(registry);
        RoleState role = sources.role();
        isMaster = new DynamicGauge<>(registry, "cometmq_broker_is_master", null,
                () -> Map.of(Tags.of("broker_id", Long.toString(role.brokerId())), role),
                state -> state.isMaster() ? 1 : 0);
        isMaster.refresh();
        BrokerGauges.keepRefreshed(sources.scheduler(), isMaster::refresh);
    }
}
