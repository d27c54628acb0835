package io.cometmq.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthReadinessAndPrometheusMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("cometmq_test_total").increment();
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HealthServer server = new HealthServer(0, ready::get, registry).start()) {
            assertThat(get(server.port(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/metrics").body()).contains("cometmq_test_total 1.0");
        }
    }

    @Test
    void configParsesNamespacesAndChecksItsValues() {
        assertThat(OperatorConfig.parseNamespaces(" a, b,,")).containsExactlyInAnyOrder("a", "b");
        assertThat(OperatorConfig.parseNamespaces("")).isEmpty();
        assertThatThrownBy(() -> new OperatorConfig(java.util.Set.of(), 70000, false, "l", null, null, "cluster.local"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leaseTimingsAreParsedAndChecked() {
        assertThat(OperatorConfig.parseDuration("--lease-duration", "15s")).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(OperatorConfig.parseDuration("--lease-retry-period", "500ms")).isEqualTo(java.time.Duration.ofMillis(500));
        assertThatThrownBy(() -> OperatorConfig.parseDuration("--lease-duration", "15"))
                .hasMessageContaining("--lease-duration");
        assertThatThrownBy(() -> new OperatorConfig.LeaseTimings(java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(2)))
                .hasMessageContaining("--lease-duration").hasMessageContaining("--lease-renew-deadline");
        assertThatThrownBy(() -> new OperatorConfig.LeaseTimings(java.time.Duration.ofSeconds(15),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2)))
                .hasMessageContaining("--lease-retry-period");
        var config = new OperatorConfig(java.util.Set.of(), 0, true, "l", "ns", OperatorConfig.LeaseTimings.DEFAULTS,
                "cluster.local").leaderElectionConfiguration().build();
        assertThat(config.getLeaseDuration()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(config.getRenewDeadline()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(config.getLeaseNamespace()).contains("ns");
    }
}
