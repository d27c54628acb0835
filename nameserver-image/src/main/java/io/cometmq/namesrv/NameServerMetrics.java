package io.cometmq.namesrv;

import io.cometmq.namesrv.route.RouteTable;
import io.cometmq.protocol.body.BrokerData;
import io.cometmq.protocol.metrics.MetricsSettings;
import io.cometmq.protocol.metrics.PrometheusMetrics;
import io.cometmq.protocol.metrics.RpcLatencyRecorder;
import io.cometmq.protocol.netty.RemotingServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NameServer's metrics (docs/METRICS.md, "NameServer") with {@code metricsExporterType=PROM}: rpc latency, the
 * route table's brokers per group, whether each group's master is registered and the topic count, plus the JVM
 * families; every series labelled {@code node_type="nameserver"}, {@code node_id} = host name and
 * {@code otel_scope_name="nameserver-meter"}. The per-group series follow the route table at every scrape.
 */
final class NameServerMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NameServerMetrics.class);
    private static final String GAUGE_HELP = "default view for gauge.";

    private final PrometheusMetrics prometheus;

    private NameServerMetrics(PrometheusMetrics prometheus) {
        this.prometheus = prometheus;
    }

    /** Null when metrics are off: no port, no observer. */
    static NameServerMetrics start(MetricsSettings settings, RouteTable routes, RemotingServer server) {
        if (!settings.prometheus()) {
            return null;
        }
        PrometheusMetrics prometheus = PrometheusMetrics.start(settings, Tags.of("node_type", "nameserver",
                "node_id", hostName(), "otel_scope_name", "nameserver-meter"), "");
        server.setRequestObserver(new RpcLatencyRecorder(prometheus.registry()));
        Gauge.builder("cometmq_nameserver_topics", routes, table -> table.allTopics().size())
                .description(GAUGE_HELP).register(prometheus.registry());
        MultiGauge brokers = MultiGauge.builder("cometmq_nameserver_brokers").description(GAUGE_HELP)
                .register(prometheus.registry());
        MultiGauge masters = MultiGauge.builder("cometmq_nameserver_broker_master_present").description(GAUGE_HELP)
                .register(prometheus.registry());
        Runnable refresh = () -> {
            List<MultiGauge.Row<?>> brokerRows = new ArrayList<>();
            List<MultiGauge.Row<?>> masterRows = new ArrayList<>();
            for (BrokerData group : routes.clusterInfo().brokerAddrTable().values()) {
                Tags tags = Tags.of("broker_cluster", group.cluster(), "broker_name", group.brokerName());
                brokerRows.add(MultiGauge.Row.of(tags, group.brokerAddrs().size()));
                masterRows.add(MultiGauge.Row.of(tags, group.brokerAddrs().containsKey(0L) ? 1 : 0));
            }
            brokers.register(brokerRows, true);
            masters.register(masterRows, true);
        };
        refresh.run();
        prometheus.beforeScrape(refresh);
        InetSocketAddress address = prometheus.address();
        log.info("metrics: Prometheus endpoint on http://{}:{}/metrics", address.getHostString(), address.getPort());
        return new NameServerMetrics(prometheus);
    }

    InetSocketAddress address() {
        return prometheus.address();
    }

    /** The pod's host name under Kubernetes (HOSTNAME), else what the JVM resolves. */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        prometheus.close();
    }
}
