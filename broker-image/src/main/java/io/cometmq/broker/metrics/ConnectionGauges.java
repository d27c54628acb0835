package io.cometmq.broker.metrics;

import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ConsumerGroup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Map;

/**
 * The CONNECTION group: live client channels as heartbeats registered them, counted per label set as Apache
 * does (a channel in two groups counts in each).
 * <ul>
 *   <li>{@code rocketmq_producer_connections{language, version, protocol_type}}</li>
 *   <li>{@code rocketmq_consumer_connections{consumer_group, language, version, consume_mode, protocol_type,
 *       is_system}}</li>
 * </ul>
 */
final class ConnectionGauges implements MeterBinder {

    private final BrokerGaugeSources sources;

    ConnectionGauges(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Cached<Map<Tags, Integer>> producers = new Cached<>(this::producerCounts, BrokerGauges.SNAPSHOT_MILLIS,
                System::currentTimeMillis);
        Cached<Map<Tags, Integer>> consumers = new Cached<>(this::consumerCounts, BrokerGauges.SNAPSHOT_MILLIS,
                System::currentTimeMillis);
        DynamicGauge<Integer> producerGauge = new DynamicGauge<>(registry, "rocketmq_producer_connections", null,
                producers::get, Integer::doubleValue);
        DynamicGauge<Integer> consumerGauge = new DynamicGauge<>(registry, "rocketmq_consumer_connections", null,
                consumers::get, Integer::doubleValue);
        Runnable refresh = () -> {
            producerGauge.refresh();
            consumerGauge.refresh();
        };
        refresh.run();
        BrokerGauges.keepRefreshed(sources.scheduler(), refresh);
    }

    Map<Tags, Integer> producerCounts() {
        Map<Tags, Integer> counts = new HashMap<>();
        for (String group : sources.producers().groupNames()) {
            for (ClientChannel member : sources.producers().members(group)) {
                counts.merge(Tags.of("language", ApacheLabels.language(member.language()),
                        "version", ClientVersions.label(member.version()),
                        "protocol_type", ApacheLabels.REMOTING), 1, Integer::sum);
            }
        }
        return counts;
    }

    Map<Tags, Integer> consumerCounts() {
        Map<Tags, Integer> counts = new HashMap<>();
        for (String name : sources.consumers().groupNames()) {
            ConsumerGroup group = sources.consumers().group(name);
            if (group == null) {
                continue; // left since the names were listed
            }
            String mode = ApacheLabels.consumeMode(group.consumeType());
            String system = Boolean.toString(SystemNames.isSystemGroup(name));
            for (ClientChannel member : group.members()) {
                counts.merge(Tags.of("consumer_group", name, "language", ApacheLabels.language(member.language()),
                        "version", ClientVersions.label(member.version()), "consume_mode", mode,
                        "protocol_type", ApacheLabels.REMOTING, "is_system", system), 1, Integer::sum);
            }
        }
        return counts;
    }
}
