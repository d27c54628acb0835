package io.cometmq.protocol.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    private static final MetricsSettings PROM = new MetricsSettings(true, "127.0.0.1", 0,
            Map.of("region", "eu"), true, 50_000, EnumSet.allOf(MetricGroup.class));

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(PrometheusMetrics metrics, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + metrics.address().getPort() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeOnMetricsAndRootWithTheCommonLabels() throws Exception {
        try (PrometheusMetrics metrics = PrometheusMetrics.start(PROM, Tags.of("node_type", "nameserver",
                "node_id", "ns-0", "otel_scope_name", "nameserver-meter"), "")) {
            Counter.builder("rocketmq_messages_in").description("default view for counter.").tag("topic", "T")
                    .register(metrics.registry()).increment(3);
            HttpResponse<String> response = get(metrics, "/metrics", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains(MetricsEndpoint.TEXT_FORMAT);
            Scrape scrape = Scrape.parse(response.body());
            assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", "T", "node_type", "nameserver",
                    "node_id", "ns-0", "otel_scope_name", "nameserver-meter", "region", "eu",
                    "aggregation", "delta"))).contains(3.0);
            assertThat(scrape.helps()).containsEntry("rocketmq_messages_in_total", "default view for counter.");
            assertThat(get(metrics, "/", null).body()).contains("rocketmq_messages_in_total");
            assertThat(get(metrics, "/-/healthy", null).statusCode()).isEqualTo(200);
            assertThat(get(metrics, "/nothing", null).statusCode()).isEqualTo(404);
            HttpResponse<String> openMetrics = get(metrics, "/metrics", "application/openmetrics-text");
            assertThat(openMetrics.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/openmetrics-text");
            assertThat(openMetrics.body()).endsWith("# EOF\n");
        }
    }

    /** docs/METRICS.md's "JVM and process" list is exactly what the JVM binders export. */
    @Test
    void jvmFamiliesAreTheCataloguesList() throws Exception {
        try (PrometheusMetrics metrics = PrometheusMetrics.start(PROM, Tags.of("node_type", "broker"), "")) {
            Scrape scrape = Scrape.parse(get(metrics, "/metrics", null).body());
            Set<String> families = new TreeSet<>(scrape.types().keySet());
            Set<String> catalogue = MetricsCatalogue.load().jvmFamilies();
            assertThat(families).isSubsetOf(catalogue);
            Set<String> afterFirstCollection = Set.of("jvm_gc_pause_seconds", "jvm_gc_concurrent_phase_time_seconds");
            assertThat(families).containsAll(catalogue.stream().filter(f -> !afterFirstCollection.contains(f))
                    .toList());
            Promtool.Result check = Promtool.checkMetrics(scrape.text());
            assertThat(check.exitCode()).as(check.output()).isNotEqualTo(1);
            // promtool's lint about two of Micrometer's standard JVM names; no errors (exit code 1)
            assertThat(check.output().lines().collect(Collectors.toSet())).as(check.output()).isSubsetOf(
                    Promtool.MICROMETER_JVM_WARNINGS);
        }
    }

    @Test
    void aTakenPortFailsNamingTheKeys() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            MetricsSettings settings = new MetricsSettings(true, "127.0.0.1", taken.getLocalPort(), Map.of(), false,
                    50_000, EnumSet.allOf(MetricGroup.class));
            assertThatThrownBy(() -> PrometheusMetrics.start(settings, Tags.empty(), ""))
                    .hasMessageContaining("metricsPromExporterPort");
        }
    }
}
