package io.cometmq.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.metrics.MetricsCatalogue;
import io.cometmq.protocol.metrics.Promtool;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's PrometheusRule: promtool checks it and runs the unit tests in src/test/resources/promtool (one case
 * that fires and cases that stay silent for every alert); every alert has a severity, a summary, a description
 * and a runbook section in docs/OPERATIONS.md, reads only catalogued families, and takes its thresholds from
 * values. Also the operator's optional ServiceMonitor.
 */
class PrometheusRuleTest {
    static final Path OPERATIONS = RenderedChart.REPO.resolve("docs/OPERATIONS.md");
    static final Path UNIT_TESTS = resource("/promtool/alerts-test.yaml");
    /** What the promtool unit tests were written for: default values, alerts on, the operator's ServiceMonitor on. */
    static final Map<String, Object> ENABLED = Map.of("prometheusRule.enabled", "true",
            "metrics.serviceMonitor.enabled", "true");

    @Test
    void offByDefaultAndLabelledForARuleSelectorWhenEnabled() {
        assertThat(prometheusRules(RenderedChart.render(Map.of()))).isEmpty();
        GenericKubernetesResource rule = prometheusRule(RenderedChart.render(Map.of("prometheusRule.enabled", "true",
                "prometheusRule.labels.release", "kube-prometheus-stack", "prometheusRule.namespace", "monitoring")));
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(rule.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(prometheusRule(RenderedChart.render(ENABLED)).getMetadata().getNamespace())
                .isEqualTo(RenderedChart.NAMESPACE);
    }

    @Test
    void promtoolChecksTheRulesAndEveryAlertsUnitTestsPass(@TempDir Path dir) throws Exception {
        Promtool.require();
        List<Map<String, Object>> rules = rules(RenderedChart.render(ENABLED));
        Files.writeString(dir.resolve("rules.yaml"), Serialization.asYaml(spec(RenderedChart.render(ENABLED))));
        Files.copy(UNIT_TESTS, dir.resolve("alerts-test.yaml"));
        assertThat(Promtool.run(dir, "check", "rules", "rules.yaml")).contains("SUCCESS: " + rules.size() + " rules found");
        assertThat(Promtool.run(dir, "test", "rules", "alerts-test.yaml")).contains("SUCCESS");

        // every alert has unit tests: one that fires (exp_alerts non-empty) and one evaluation where it is silent
        String unitTests = Files.readString(UNIT_TESTS);
        Map<String, List<String>> expectations = expectationsByAlert(unitTests);
        for (Map<String, Object> rule : rules) {
            String alert = (String) rule.get("alert");
            assertThat(expectations.get(alert)).as("promtool unit tests of %s", alert).isNotNull()
                    .contains("fires", "silent");
        }
    }

    @Test
    void everyAlertHasSeverityTextsAndARunbookSectionInOperationsMd() throws IOException {
        Set<String> anchors = anchors(Files.readString(OPERATIONS));
        List<Map<String, Object>> rules = rules(RenderedChart.render(ENABLED));
        assertThat(rules).extracting(r -> r.get("alert")).containsExactlyInAnyOrder("CometMQConsumerLagGrowing",
                "CometMQDiskUsageNearLimit", "CometMQGroupWithoutMaster", "CometMQBrokerNotRegistered",
                "CometMQReplicationLagBytes", "CometMQReplicationLagTime", "CometMQPodCrashLooping",
                "CometMQMetricsTargetDown", "CometMQOperatorDown");
        for (Map<String, Object> rule : rules) {
            String alert = (String) rule.get("alert");
            assertThat(labels(rule, "labels")).as(alert).containsKey("severity");
            assertThat(labels(rule, "labels").get("severity")).as(alert).isIn("critical", "warning", "info");
            Map<String, String> annotations = labels(rule, "annotations");
            assertThat(annotations.get("summary")).as(alert).isNotBlank();
            assertThat(annotations.get("description")).as(alert).isNotBlank();
            String runbook = annotations.get("runbook_url");
            assertThat(runbook).as(alert).startsWith("docs/OPERATIONS.md#");
            assertThat(anchors).as("docs/OPERATIONS.md has a section for %s (%s)", alert, runbook)
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
            assertThat(rule.get("for")).as(alert).isNotNull();
        }
    }

    @Test
    void alertsReadOnlyCataloguedFamiliesAndTheirLabels() {
        MetricsCatalogue catalogue = MetricsCatalogue.load();
        for (Map<String, Object> rule : rules(RenderedChart.render(ENABLED))) {
            String expr = (String) rule.get("expr");
            assertThat(PromQlNames.metricNames(expr)).as(expr).isNotEmpty();
            assertThat(CatalogueCheck.problems(catalogue, expr)).as("families and labels of alert %s: %s", rule.get("alert"), expr)
                    .isEmpty();
        }
    }

    @Test
    void thresholdsDurationsLabelsAndSwitchesComeFromValues() {
        Map<String, Object> values = new HashMap<>(ENABLED);
        values.putAll(Map.of("prometheusRule.alerts.diskUsageNearLimit.margin", "0.1",
                "prometheusRule.alerts.replicationLagBytes.maxBytes", "1073741824",
                "prometheusRule.alerts.consumerLagGrowing.minMessages", "20000",
                "prometheusRule.alerts.consumerLagGrowing.window", "30m",
                "prometheusRule.alerts.consumerLagGrowing.for", "15m",
                "prometheusRule.alerts.groupWithoutMaster.severity", "warning",
                "prometheusRule.alerts.metricsTargetDown.enabled", "false",
                "prometheusRule.alertLabels.team", "messaging",
                "prometheusRule.runbookBaseUrl", "https://wiki.example/cometmq/OPERATIONS.md"));
        Map<String, Map<String, Object>> rules = rules(RenderedChart.render(values)).stream()
                .collect(Collectors.toMap(r -> (String) r.get("alert"), r -> r));
        assertThat(rules).doesNotContainKey("CometMQMetricsTargetDown").hasSize(8);
        assertThat((String) rules.get("CometMQDiskUsageNearLimit").get("expr"))
                .contains("cometmq_storage_disk_usage_ratio_limit - 0.1");
        // helm prints large numbers as 1.073741824e+09 unless the template converts them
        assertThat((String) rules.get("CometMQReplicationLagBytes").get("expr")).endsWith("> 1073741824");
        Map<String, Object> lag = rules.get("CometMQConsumerLagGrowing");
        assertThat((String) lag.get("expr")).contains("> 20000").contains("[30m]");
        assertThat(lag.get("for")).isEqualTo("15m");
        assertThat(labels(lag, "annotations").get("description")).contains("more than 20000 and growing over the last 30m");
        assertThat(labels(rules.get("CometMQGroupWithoutMaster"), "labels")).containsEntry("severity", "warning");
        assertThat(rules.values()).allSatisfy(rule -> {
            assertThat(labels(rule, "labels")).containsEntry("team", "messaging");
            assertThat(labels(rule, "annotations").get("runbook_url")).startsWith("https://wiki.example/cometmq/OPERATIONS.md#");
        });
    }

    @Test
    void operatorDownNeedsTheServiceMonitorWhoseJobTheChartKnows() {
        assertThat(rules(RenderedChart.render(Map.of("prometheusRule.enabled", "true"))))
                .extracting(r -> r.get("alert")).hasSize(8).doesNotContain("CometMQOperatorDown");
        RenderedChart chart = RenderedChart.render(ENABLED);
        String service = chart.one(Service.class).getMetadata().getName();
        assertThat(rules(chart)).filteredOn(r -> "CometMQOperatorDown".equals(r.get("alert"))).singleElement()
                .satisfies(r -> assertThat((String) r.get("expr")).contains("up{job=\"" + service + "\", namespace=\""
                        + RenderedChart.NAMESPACE + "\"}"));
    }

    @Test
    void serviceMonitorScrapesTheOperatorsMetricsServiceWhenEnabled() {
        assertThat(kind(RenderedChart.render(Map.of()), "ServiceMonitor")).isEmpty();
        RenderedChart chart = RenderedChart.render(Map.of("metrics.serviceMonitor.enabled", "true",
                "metrics.serviceMonitor.labels.release", "kube-prometheus-stack"));
        GenericKubernetesResource monitor = kind(chart, "ServiceMonitor").get(0);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Service service = chart.one(Service.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.get("port")).isEqualTo(service.getSpec().getPorts().get(0).getName());
            assertThat(e.get("path")).isEqualTo("/metrics");
            // the operator's series name their broker pods in resource_pod: the target's own labels may win
            assertThat(e).doesNotContainKey("honorLabels");
        });
        assertThatThrownBy(() -> RenderedChart.render(Map.of("metrics.serviceMonitor.enabled", "true",
                "metrics.enabled", "false"))).hasMessageContaining("metrics.serviceMonitor.enabled=true needs metrics.enabled=true");
    }

    static Path resource(String name) {
        try {
            return Path.of(PrometheusRuleTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everythingEnabledRendersTogether() {
        RenderedChart chart = RenderedChart.render(Map.of("prometheusRule.enabled", "true",
                "metrics.serviceMonitor.enabled", "true", "networkPolicy.enabled", "true",
                "leaderElection.enabled", "true", "replicaCount", "2"));
        assertThat(chart.objects).extracting(o -> o.getKind()).contains("Deployment", "Service", "NetworkPolicy",
                "Role", "PrometheusRule", "ServiceMonitor").filteredOn("ConfigMap"::equals).hasSize(3);
    }

    /** alert -> "fires"/"silent" for each of its alert_rule_test entries in the promtool unit test file. */
    static Map<String, List<String>> expectationsByAlert(String yaml) {
        Map<String, Object> file = Serialization.unmarshal(yaml, Map.class);
        Map<String, List<String>> byAlert = new TreeMap<>();
        for (Object test : (List<?>) file.get("tests")) {
            for (Object entry : (List<?>) ((Map<?, ?>) test).get("alert_rule_test")) {
                Map<?, ?> check = (Map<?, ?>) entry;
                List<?> expected = (List<?>) check.get("exp_alerts");
                byAlert.computeIfAbsent((String) check.get("alertname"), a -> new ArrayList<>())
                        .add(expected == null || expected.isEmpty() ? "silent" : "fires");
            }
        }
        return byAlert;
    }

    /** GitHub's heading anchors: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$").matcher(markdown);
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    /**
     * The rendered objects of a kind, as generic resources: whether fabric8 parses a PrometheusRule or ServiceMonitor
     * into a typed class depends on which model jars are on the class path (the operator brings the monitoring one).
     */
    static List<GenericKubernetesResource> kind(RenderedChart chart, String kind) {
        return chart.all(HasMetadata.class).stream().filter(r -> kind.equals(r.getKind()))
                .map(r -> Serialization.jsonMapper().convertValue(r, GenericKubernetesResource.class)).toList();
    }

    static List<GenericKubernetesResource> prometheusRules(RenderedChart chart) {
        return kind(chart, "PrometheusRule");
    }

    static GenericKubernetesResource prometheusRule(RenderedChart chart) {
        List<GenericKubernetesResource> rules = prometheusRules(chart);
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(RenderedChart chart) {
        return (Map<String, Object>) prometheusRule(chart).getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(RenderedChart chart) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<Object>) spec(chart).get("groups")) {
            rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> labels(Map<String, Object> rule, String key) {
        Object value = rule.get(key);
        return value == null ? Map.of() : (Map<String, String>) value;
    }
}
