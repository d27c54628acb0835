package io.cometmq.protocol.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A component's Prometheus metrics when {@code metricsExporterType} is PROM: the registry with the common labels and
 * the cardinality cap, the JVM and process families, and the HTTP endpoint. Broker and NameServer each build one.
 */
public final class PrometheusMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmMetrics jvm;
    private final MetricsEndpoint endpoint;
    private final List<Runnable> beforeScrape;

    private PrometheusMetrics(PrometheusMeterRegistry registry, JvmMetrics jvm, MetricsEndpoint endpoint,
            List<Runnable> beforeScrape) {
        this.registry = registry;
        this.jvm = jvm;
        this.endpoint = endpoint;
        this.beforeScrape = beforeScrape;
    }

    /**
     * Starts serving on {@code settings}' host (or {@code defaultHost} when it is empty) and port.
     *
     * @param componentTags the component's own common labels, e.g. {@code node_type}, {@code node_id}
     */
    public static PrometheusMetrics start(MetricsSettings settings, Tags componentTags, String defaultHost) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CardinalityGuard.install(registry, commonTags(settings, componentTags), settings.cardinalityLimit());
        JvmMetrics jvm = JvmMetrics.bindTo(registry);
        String host = settings.host().isEmpty() ? defaultHost : settings.host();
        List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
        try {
            return new PrometheusMetrics(registry, jvm, MetricsEndpoint.start(host, settings.port(), registry,
                    () -> beforeScrape.forEach(Runnable::run)), beforeScrape);
        } catch (RuntimeException e) {
            jvm.close();
            registry.close();
            throw e;
        }
    }

    /** The component's labels, then metricsLabel's pairs, then {@code aggregation="delta"} with metricsInDelta. */
    static Tags commonTags(MetricsSettings settings, Tags componentTags) {
        Tags tags = componentTags;
        for (Map.Entry<String, String> label : settings.labels().entrySet()) {
            tags = tags.and(label.getKey(), label.getValue());
        }
        return settings.inDelta() ? tags.and("aggregation", "delta") : tags;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Runs {@code refresh} before every scrape, e.g. to update the label sets of a {@code MultiGauge} whose series
     * come and go (brokers registering and expiring); it must be quick.
     */
    public void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** Where the endpoint listens. */
    public InetSocketAddress address() {
        return endpoint.address();
    }

    @Override
    public void close() {
        endpoint.close();
        jvm.close();
        registry.close();
    }
}
