package io.cometmq.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.metrics.MetricGroup;
import io.cometmq.protocol.metrics.MetricsSettings;
import io.cometmq.protocol.netty.RequestObserver;
import io.micrometer.core.instrument.Gauge;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerMetricsTest {

    @Test
    void offMeansNoEndpointAndNoOpRecorders() {
        try (BrokerMetrics metrics = BrokerMetrics.start(MetricsSettings.DISABLED, "c", "b", "127.0.0.1")) {
            assertThat(metrics.address()).isEmpty();
            assertThat(metrics.registry()).isEmpty();
            assertThat(metrics.messages()).isSameAs(MessageMetrics.NONE);
            assertThat(metrics.requests()).isSameAs(RequestObserver.NONE);
            metrics.bind(List.of(registry -> {
                throw new AssertionError("nothing is bound with metrics off");
            }));
        }
    }

    @Test
    void promBindsBindersWithTheCommonLabelsAndHonoursEnableRemotingMetrics() {
        MetricsSettings settings = new MetricsSettings(true, "127.0.0.1", 0, Map.of(), false, 50_000,
                EnumSet.complementOf(EnumSet.of(MetricGroup.REMOTING)));
        try (BrokerMetrics metrics = BrokerMetrics.start(settings, "c", "b", "10.255.255.1")) {
            assertThat(metrics.address()).hasValueSatisfying(address ->
                    assertThat(address.getAddress().isLoopbackAddress()).isTrue());
            assertThat(metrics.requests()).isSameAs(RequestObserver.NONE);
            assertThat(metrics.messages().records()).isTrue();
            metrics.bind(List.of(registry -> Gauge.builder("rocketmq_topic_number", () -> 3).register(registry)));
            Gauge gauge = metrics.registry().orElseThrow().get("rocketmq_topic_number").gauge();
            assertThat(gauge.value()).isEqualTo(3.0);
            assertThat(gauge.getId().getTag("cluster")).isEqualTo("c");
            assertThat(gauge.getId().getTag("node_id")).isEqualTo("b");
            assertThat(gauge.getId().getTag("node_type")).isEqualTo("broker");
            assertThat(gauge.getId().getTag("otel_scope_name")).isEqualTo("broker-meter");
        }
    }
}
