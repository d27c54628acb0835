package io.cometmq.broker.metrics;

import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.metrics.MetricGroup;
import io.cometmq.protocol.metrics.Scrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/**
 * A Prometheus registry with the gauges of a running broker bound to it and Apache's common labels, as the broker's
 * own metrics registry has them: what a test scrapes.
 */
public final class GaugeScraper implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public GaugeScraper(BrokerServer broker, Set<MetricGroup> enabled) {
        BrokerGaugeSources sources = broker.gaugeSources();
        registry.config().commonTags("cluster", sources.config().brokerClusterName(),
                "node_id", sources.config().brokerName(), "node_type", "broker", "otel_scope_name", "broker-meter");
        BrokerGauges.binders(sources, enabled).forEach(binder -> binder.bindTo(registry));
    }

    public Scrape scrape() {
        return Scrape.parse(registry.scrape());
    }

    @Override
    public void close() {
        registry.close();
    }
}
