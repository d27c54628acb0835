package io.cometmq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.metrics.MetricsCatalogue;
import io.cometmq.protocol.metrics.Promtool;
import io.cometmq.protocol.metrics.Scrape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A NameServer with metricsExporterType=PROM, scraped while brokers register and leave. */
class NameServerMetricsIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private NameServer nameServer;

    @AfterEach
    void stop() {
        if (nameServer != null) {
            nameServer.close();
        }
    }

    private String start(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("listenHost", "127.0.0.1", "listenPort", "0"));
        settings.putAll(extra);
        nameServer = new NameServer(NameServerConfig.from(Settings.fromMap(settings, "test")), Clock.systemUTC());
        return "127.0.0.1:" + nameServer.start().getPort();
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + nameServer.metricsAddress().orElseThrow().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    @Test
    void routeTableAndRequestsAreExported() throws Exception {
        String address = start(Map.of("metricsExporterType", "PROM", "metricsPromExporterHost", "127.0.0.1",
                "metricsPromExporterPort", "0"));
        Map<String, String> group = Map.of("broker_cluster", "C1", "broker_name", "b-a", "node_type", "nameserver",
                "otel_scope_name", "nameserver-meter");
        try (RegisteringBroker master = new RegisteringBroker("C1", "b-a", 0, "127.0.0.1:10911", "T1", "T2");
                RegisteringBroker slave = new RegisteringBroker("C1", "b-a", 1, "127.0.0.1:10921", "T1", "T2")) {
            master.register(address);
            slave.register(address);
            Scrape scrape = scrape();
            assertThat(scrape.value("cometmq_nameserver_brokers", group)).contains(2.0);
            assertThat(scrape.value("cometmq_nameserver_broker_master_present", group)).contains(1.0);
            assertThat(scrape.value("cometmq_nameserver_topics", Map.of())).contains(2.0);
            assertThat(scrape.value("rocketmq_rpc_latency_milliseconds_count", Map.of("request_code",
                    "register_broker", "response_code", "success", "result", "success", "is_long_polling", "false",
                    "protocol_type", "remoting"))).contains(2.0);
            assertThat(scrape.samples()).allSatisfy(sample -> {
                assertThat(sample.labels()).containsEntry("node_type", "nameserver").doesNotContainKey("cluster");
                assertThat(sample.labels().get("node_id")).isNotBlank();
            });
            MetricsCatalogue catalogue = MetricsCatalogue.load();
            Set<String> uncatalogued = scrape.samples().stream().map(Scrape.Sample::name)
                    .filter(name -> !catalogue.covers(name)).collect(Collectors.toCollection(TreeSet::new));
            assertThat(uncatalogued).as("series not in docs/METRICS.md").isEmpty();
            Promtool.Result check = Promtool.checkMetrics(scrape.text());
            assertThat(check.exitCode()).as(check.output()).isNotEqualTo(1);
            assertThat(check.output().lines().filter(line -> !Promtool.MICROMETER_JVM_WARNINGS.contains(line))
                    .filter(line -> !line.endsWith("use base unit \"seconds\" instead of \"milliseconds\"")).toList())
                    .as(check.output()).isEmpty();

            master.unregister(address);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Scrape after = scrape();
                assertThat(after.value("cometmq_nameserver_broker_master_present", group)).contains(0.0);
                assertThat(after.value("cometmq_nameserver_brokers", group)).contains(1.0);
            });
        }
    }

    @Test
    void offByDefaultAndApachesOtherExportersAreRefused() throws Exception {
        start(Map.of());
        assertThat(nameServer.metricsAddress()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NameServerConfig.from(Settings.fromMap(
                Map.of("metricsExporterType", "OTLP_GRPC"), "test")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsExporterType");
    }
}
