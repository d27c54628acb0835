package io.cometmq.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cometmq.protocol.metrics.MetricsCatalogue;
import io.cometmq.protocol.metrics.Promtool;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards (dashboards/*.json) as the chart ships them: sidecar-labelled ConfigMaps, each a valid
 * dashboard whose every PromQL expression is valid (promtool) and reads only families docs/METRICS.md lists.
 */
class DashboardsTest {
    static final Map<String, String> VARIABLE_VALUES = Map.of("datasource", "prometheus", "namespace", "demo",
            "cluster", "dev", "node_id", "dev-broker-0", "consumer_group", "billing", "topic", "orders");

    @Test
    void defaultsShipEveryDashboardFileAsASidecarLabelledConfigMap() throws IOException {
        List<ConfigMap> maps = dashboardConfigMaps(RenderedChart.render(Map.of()));
        List<String> files = dashboardFiles();
        assertThat(files).hasSize(3);
        assertThat(maps).hasSize(files.size());
        Map<String, String> shipped = new LinkedHashMap<>();
        for (ConfigMap map : maps) {
            assertThat(map.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
            assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
            assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "CometMQ");
            assertThat(map.getData()).hasSize(1);
            shipped.putAll(map.getData());
        }
        assertThat(shipped.keySet()).containsExactlyInAnyOrderElementsOf(files);
        for (String file : files) {
            assertThat(shipped.get(file).strip()).as(file)
                    .isEqualTo(Files.readString(RenderedChart.CHART.resolve("dashboards").resolve(file)).strip());
        }
    }

    @Test
    void labelNamespaceAndFolderComeFromValuesAndDashboardsCanBeTurnedOff() {
        List<ConfigMap> maps = dashboardConfigMaps(RenderedChart.render(Map.of("dashboards.label", "my_dashboards",
                "dashboards.labelValue", "yes", "dashboards.namespace", "monitoring", "dashboards.folder", "")));
        assertThat(maps).hasSize(3).allSatisfy(map -> {
            assertThat(map.getMetadata().getLabels()).containsEntry("my_dashboards", "yes")
                    .doesNotContainKey("grafana_dashboard");
            assertThat(map.getMetadata().getNamespace()).isEqualTo("monitoring");
            assertThat(map.getMetadata().getAnnotations()).isNullOrEmpty();
        });
        assertThat(dashboardConfigMaps(RenderedChart.render(Map.of("dashboards.folderAnnotation", "k8s-sidecar-target-directory",
                "dashboards.folder", "/tmp/dashboards/cometmq")))).allSatisfy(map -> assertThat(map.getMetadata()
                .getAnnotations()).containsEntry("k8s-sidecar-target-directory", "/tmp/dashboards/cometmq"));
        assertThat(RenderedChart.render(Map.of("dashboards.enabled", "false")).all(ConfigMap.class)).isEmpty();
    }

    @Test
    void eachDashboardHasAUniqueUidAndTitleVariablesAndPanelsWithQueries() {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (GrafanaDashboard dashboard : shippedDashboards()) {
            String name = dashboard.file;
            assertThat(uids.add(dashboard.uid())).as("uid of %s is unique", name).isTrue();
            assertThat(titles.add(dashboard.title())).as("title of %s is unique", name).isTrue();
            assertThat(dashboard.uid()).as(name).matches("[a-z0-9-]{1,40}");
            assertThat(dashboard.root.path("schemaVersion").asInt()).as(name).isGreaterThanOrEqualTo(39);

            Map<String, JsonNode> variables = dashboard.variables();
            assertThat(variables).as(name).containsKeys("datasource", "namespace", "cluster");
            assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
            assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
            for (JsonNode variable : variables.values()) {
                if (variable.path("type").asText().equals("query")) {
                    assertThat(GrafanaDashboard.variableQuery(variable)).as("%s variable %s", name, variable.path("name"))
                            .startsWith("label_values(");
                    assertThat(variable.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                }
            }

            Set<Integer> ids = new HashSet<>();
            List<JsonNode> panels = dashboard.panels();
            assertThat(panels.stream().filter(p -> !p.path("type").asText().equals("row"))).as(name).hasSizeGreaterThan(5);
            for (JsonNode panel : panels) {
                String title = name + " / " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as("panel id of %s is unique", title).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
                if (!panel.path("type").asText().equals("row")) {
                    assertThat(panel.path("title").asText()).as(name).isNotBlank();
                    assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                    assertThat(panel.path("targets")).as(title).isNotEmpty()
                            .allSatisfy(t -> assertThat(t.path("expr").asText()).as(title).isNotBlank());
                }
            }
        }
    }

    @Test
    void everyExpressionIsValidPromQlOnceVariablesAreSubstituted(@TempDir Path dir) throws Exception {
        Promtool.require();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int n = 0;
        for (String expr : substitutedExpressions()) {
            rules.append("      - record: dashboard_expr_").append(n++).append("\n        expr: ")
                    .append(Serialization.asJson(expr)).append('\n');
        }
        assertThat(n).isGreaterThan(30);
        Files.writeString(dir.resolve("dashboards.yaml"), rules);
        assertThat(Promtool.run(dir, "check", "rules", "dashboards.yaml")).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void everyExpressionReadsOnlyCataloguedFamiliesAndTheirLabels() {
        MetricsCatalogue catalogue = MetricsCatalogue.load();
        Set<String> used = new HashSet<>();
        for (String expr : substitutedExpressions()) {
            Set<String> names = PromQlNames.metricNames(expr);
            assertThat(names).as("metric names in %s", expr).isNotEmpty();
            assertThat(CatalogueCheck.problems(catalogue, expr)).as("families and labels of %s", expr).isEmpty();
            names.forEach(name -> used.add(catalogue.familyOf(name).orElseThrow()));
        }
        // what the brief asks the dashboards to show
        assertThat(used).contains("rocketmq_messages_in_total", "rocketmq_messages_out_total",
                "rocketmq_throughput_in_total", "rocketmq_throughput_out_total", "rocketmq_topic_number",
                "rocketmq_consumer_group_number", "rocketmq_producer_connections", "rocketmq_consumer_connections",
                "cometmq_operator_group_master_present", "cometmq_storage_disk_usage_ratio",
                "cometmq_storage_disk_usage_ratio_limit", "rocketmq_consumer_lag_messages",
                "rocketmq_rpc_latency_milliseconds", "rocketmq_storage_flush_behind_bytes",
                "rocketmq_storage_dispatch_behind_bytes", "rocketmq_storage_size_bytes", "cometmq_replication_lag_bytes",
                "cometmq_replication_lag_milliseconds", "cometmq_replication_connected_slaves", "cometmq_broker_is_master",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds", "process_cpu_usage",
                "rocketmq_consumer_lag_latency_milliseconds", "rocketmq_consumer_inflight_messages",
                "rocketmq_consumer_ready_messages", "rocketmq_consumer_queueing_latency_milliseconds",
                "rocketmq_send_to_dlq_messages_total");
    }

    /** Every panel expression and variable selector of every shipped dashboard, variables replaced. */
    static List<String> substitutedExpressions() {
        List<String> exprs = new ArrayList<>();
        for (GrafanaDashboard dashboard : shippedDashboards()) {
            List<String> raw = new ArrayList<>();
            dashboard.targets().forEach(t -> raw.add(t.expr()));
            for (JsonNode variable : dashboard.variables().values()) {
                if (variable.path("type").asText().equals("query")) {
                    String selector = PromQlNames.labelValuesSelector(GrafanaDashboard.variableQuery(variable));
                    assertThat(selector).as("%s: variable %s selects a metric", dashboard.file, variable.path("name"))
                            .isNotBlank();
                    raw.add(selector);
                }
            }
            for (String expr : raw) {
                String plain = dashboard.substitute(expr, VARIABLE_VALUES);
                assertThat(plain).as("%s: every variable of %s is defined", dashboard.file, expr).doesNotContain("$");
                exprs.add(plain);
            }
        }
        return exprs;
    }

    static List<GrafanaDashboard> shippedDashboards() {
        List<GrafanaDashboard> dashboards = new ArrayList<>();
        for (ConfigMap map : dashboardConfigMaps(RenderedChart.render(Map.of()))) {
            map.getData().forEach((file, json) -> dashboards.add(new GrafanaDashboard(file, json)));
        }
        return dashboards;
    }

    static List<ConfigMap> dashboardConfigMaps(RenderedChart chart) {
        return chart.all(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().contains("-dashboard-")).toList();
    }

    static List<String> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(RenderedChart.CHART.resolve("dashboards"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList();
        }
    }
}
