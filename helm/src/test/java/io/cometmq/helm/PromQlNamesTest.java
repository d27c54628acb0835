package io.cometmq.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.metrics.MetricsCatalogue;
import org.junit.jupiter.api.Test;

/** The checks the dashboard and alert tests rely on can tell a wrong name from a right one. */
class PromQlNamesTest {

    @Test
    void findsMetricNamesButNotFunctionsLabelsKeywordsOrDurations() {
        assertThat(PromQlNames.metricNames("histogram_quantile(0.99, sum by (le, request_code) "
                + "(rate(rocketmq_rpc_latency_milliseconds_bucket{node_type=\"broker\", cluster=~\"a|b\"}[5m] offset 1h)))"))
                .containsExactly("rocketmq_rpc_latency_milliseconds_bucket");
        assertThat(PromQlNames.metricNames("up == 0 and on (job) max by (job) (label_join(cometmq_operator_cluster_ready, "
                + "\"job\", \"/\", \"resource_namespace\", \"cluster\"))"))
                .containsExactlyInAnyOrder("up", "cometmq_operator_cluster_ready");
        assertThat(PromQlNames.metricNames("sum(a_metric) / ignoring(pod) group_left(node_id) b_metric > bool 1e3"))
                .containsExactlyInAnyOrder("a_metric", "b_metric");
        assertThat(PromQlNames.metricNames("count(x == 0) or vector(0)")).containsExactly("x");
    }

    @Test
    void labelValuesSelector() {
        assertThat(PromQlNames.labelValuesSelector("label_values(cometmq_broker_is_master{namespace=~\"$namespace\"}, cluster)"))
                .isEqualTo("cometmq_broker_is_master{namespace=~\"$namespace\"}");
        assertThat(PromQlNames.labelValuesSelector("label_values(namespace)")).isEmpty();
        assertThatThrownBy(() -> PromQlNames.labelValuesSelector("query_result(up)"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void catalogueKnowsListedFamiliesAndTheSeriesOfHistogramsOnly() {
        MetricsCatalogue catalogue = MetricsCatalogue.parse("""
                | family | type | labels |
                |---|---|---|
                | `rocketmq_messages_in_total` | counter | topic |
                | `rocketmq_rpc_latency_milliseconds` | histogram | request_code |
                | `cometmq_broker_is_master` | gauge | broker_id |
                Micrometer's families: `jvm_gc_pause_seconds`, `process_cpu_usage`; not a family: `metricsLabel`.
                """);
        assertThat(catalogue.familyOf("rocketmq_messages_in_total")).contains("rocketmq_messages_in_total");
        assertThat(catalogue.familyOf("rocketmq_rpc_latency_milliseconds_bucket")).contains("rocketmq_rpc_latency_milliseconds");
        assertThat(catalogue.familyOf("jvm_gc_pause_seconds_sum")).contains("jvm_gc_pause_seconds");
        assertThat(catalogue.familyOf("process_cpu_usage")).isPresent();
        assertThat(catalogue.familyOf("rocketmq_mesages_in_total")).isEmpty();
        assertThat(catalogue.familyOf("cometmq_broker_is_master_bucket")).isEmpty();
        assertThat(catalogue.familyOf("rocketmq_messages_in_total_sum")).isEmpty();
        assertThat(catalogue.familyOf("metricsLabel")).isEmpty();
        assertThat(CatalogueCheck.problems(catalogue, "sum by (topic) (rate(rocketmq_messages_in_total{cluster=\"a\", topic=~\"b\", "
                + "pod!=\"c\"}[5m]))")).isEmpty();
        assertThat(CatalogueCheck.problems(catalogue, "rocketmq_messages_in_total{topc=\"a\"} + rocketmq_mesages_in_total"))
                .containsExactlyInAnyOrder("rocketmq_messages_in_total has no label topc (docs/METRICS.md: [topic])",
                        "rocketmq_mesages_in_total is not a family of docs/METRICS.md");
        assertThat(CatalogueCheck.problems(catalogue, "histogram_quantile(0.9, rate(rocketmq_rpc_latency_milliseconds_bucket{le=\"1\", "
                + "request_code=\"x\"}[1m]))")).isEmpty();
        assertThat(CatalogueCheck.problems(catalogue, "cometmq_broker_is_master_sum{le=\"1\"}")).isNotEmpty();
        // prose names have no label list: not checked
        assertThat(CatalogueCheck.problems(catalogue, "jvm_gc_pause_seconds_count{action=\"end of minor GC\"}")).isEmpty();
        // the real catalogue has the families the chart reads
        assertThat(MetricsCatalogue.load().types()).containsKeys("rocketmq_consumer_lag_messages",
                "cometmq_operator_group_master_present", "jvm_memory_used_bytes");
    }
}
