package io.cometmq.broker.metrics;

import io.cometmq.protocol.metrics.MetricGroup;
import io.cometmq.protocol.metrics.MetricsSettings;
import io.cometmq.protocol.metrics.PrometheusMetrics;
import io.cometmq.protocol.metrics.RpcLatencyRecorder;
import io.cometmq.protocol.netty.RequestObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's metrics: with {@code metricsExporterType=PROM} a Prometheus registry whose every series carries
 * {@code cluster}, {@code node_id} (brokerName), {@code node_type="broker"} and {@code otel_scope_name="broker-meter"}
 * (plus metricsLabel and metricsInDelta's label), served on metricsPromExporterHost (default brokerIP1) and
 * metricsPromExporterPort; otherwise nothing at all: {@link #messages()} is {@link MessageMetrics#NONE}, the request
 * observer observes nothing and no port is opened.
 */
public final class BrokerMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerMetrics.class);

    private final MetricsSettings settings;
    private final PrometheusMetrics prometheus;
    private final MessageMetrics messages;
    private final RequestObserver requests;

    private BrokerMetrics(MetricsSettings settings, PrometheusMetrics prometheus) {
        this.settings = settings;
        this.prometheus = prometheus;
        this.messages = prometheus == null ? MessageMetrics.NONE
                : new MessageRecorder(prometheus.registry(), settings);
        this.requests = prometheus == null || !settings.records(MetricGroup.REMOTING) ? RequestObserver.NONE
                : new RpcLatencyRecorder(prometheus.registry());
    }

    /** Starts the endpoint when {@code settings} say PROM; a port that cannot be bound fails naming the keys. */
    public static BrokerMetrics start(MetricsSettings settings, String cluster, String brokerName, String brokerIP1) {
        if (!settings.prometheus()) {
            return new BrokerMetrics(settings, null);
        }
        PrometheusMetrics prometheus = PrometheusMetrics.start(settings, Tags.of("cluster", cluster,
                "node_id", brokerName, "node_type", "broker", "otel_scope_name", "broker-meter"), brokerIP1);
        log.info("metrics: Prometheus endpoint on http://{}:{}/metrics", prometheus.address().getHostString(),
                prometheus.address().getPort());
        return new BrokerMetrics(settings, prometheus);
    }

    public MetricsSettings settings() {
        return settings;
    }

    /** What the message paths record into. */
    public MessageMetrics messages() {
        return messages;
    }

    /** rocketmq_rpc_latency, for the broker's RemotingServer. */
    public RequestObserver requests() {
        return requests;
    }

    /** Binds gauge binders (nothing when metrics are off). */
    public void bind(List<MeterBinder> binders) {
        if (prometheus != null) {
            binders.forEach(binder -> binder.bindTo(prometheus.registry()));
        }
    }

    /** Runs {@code refresh} before every scrape (gauges whose label sets change); nothing when metrics are off. */
    public void beforeScrape(Runnable refresh) {
        if (prometheus != null) {
            prometheus.beforeScrape(refresh);
        }
    }

    /** The registry, when metrics are on. */
    public Optional<MeterRegistry> registry() {
        return Optional.ofNullable(prometheus).map(PrometheusMetrics::registry);
    }

    /** Where /metrics is served, when metrics are on. */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(prometheus).map(PrometheusMetrics::address);
    }

    @Override
    public void close() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
