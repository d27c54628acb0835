package io.cometmq.protocol.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void labelSetsPastTheLimitGoToOneOverflowSeriesAndAreCounted() {
        CardinalityGuard.install(registry, Tags.of("cluster", "c", "node_type", "broker"), 10);
        for (int i = 0; i < 20; i++) {
            Counter.builder("rocketmq_messages_in").tags("topic", "T" + i, "is_system", "false").register(registry)
                    .increment(i + 1);
        }
        // a series created before the limit keeps counting
        Counter.builder("rocketmq_messages_in").tags("topic", "T0", "is_system", "false").register(registry)
                .increment(100);

        Scrape scrape = Scrape.parse(registry.scrape());
        var series = scrape.find("rocketmq_messages_in_total", Map.of());
        assertThat(series).hasSize(11);
        assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", "T0"))).contains(101.0);
        // the overflow series: the common labels, every other label empty (absent for Prometheus)
        assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", "", "is_system", "")))
                .contains((double) (11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20));
        assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", "", "cluster", "c",
                "node_type", "broker"))).isPresent();
        assertThat(scrape.value("cometmq_metrics_overflow_total", Map.of("family", "rocketmq_messages_in")))
                .contains(10.0);
    }

    @Test
    void familiesAreCappedSeparatelyAndRemovedSeriesFreeTheirPlace() {
        CardinalityGuard.install(registry, Tags.of("cluster", "c"), 10);
        for (int i = 0; i < 10; i++) {
            Counter.builder("a").tag("k", "v" + i).register(registry).increment();
            Counter.builder("b").tag("k", "v" + i).register(registry).increment();
        }
        Gauge gone = Gauge.builder("b_gauge", () -> 1).tag("k", "x").register(registry);
        for (int i = 1; i < 10; i++) {
            Gauge.builder("b_gauge", () -> 1).tag("k", "y" + i).register(registry);
        }
        registry.remove(gone);
        Gauge.builder("b_gauge", () -> 2).tag("k", "z").register(registry);

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.find("a_total", Map.of())).hasSize(10);
        assertThat(scrape.find("b_total", Map.of())).hasSize(10);
        assertThat(scrape.value("b_gauge", Map.of("k", "z"))).contains(2.0);
        assertThat(scrape.find("cometmq_metrics_overflow_total", Map.of())).isEmpty();
    }
}
