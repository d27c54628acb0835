package io.cometmq.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.BrokerStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.cometmq.protocol.metrics.MetricsCatalogue;
import io.cometmq.protocol.metrics.Scrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cometmq_operator_* families as Prometheus scrapes them from the registry /metrics serves. */
class OperatorMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OperatorMetrics metrics = new OperatorMetrics(registry);

    private static BrokerStatus broker(String pod, int id, Boolean registered) {
        BrokerStatus broker = new BrokerStatus();
        broker.setPod(pod);
        broker.setBrokerId(id);
        broker.setRegistered(registered);
        return broker;
    }

    private static BrokerClusterStatus status(boolean ready, boolean masterRegistered) {
        BrokerClusterStatus status = new BrokerClusterStatus();
        status.getConditions().add(new ConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build());
        GroupStatus group = new GroupStatus();
        group.setBrokerName("dev-broker-0");
        group.setMaster("dev-broker-0-master-0");
        group.setMasterReady(true);
        group.getBrokers().add(broker("dev-broker-0-master-0", 0, masterRegistered));
        group.getBrokers().add(broker("dev-broker-0-slave-0", 1, null));
        status.getGroups().add(group);
        return status;
    }

    /** A reconcile as JOSDK runs it through its metrics hook. */
    private static Metrics.ControllerExecution<String> execution(String controller, boolean fails) {
        return new Metrics.ControllerExecution<>() {
            @Override public String name() { return "reconcile"; }
            @Override public String controllerName() { return controller; }
            @Override public String successTypeName(String result) { return result; }
            @Override public ResourceID resourceID() { return new ResourceID("dev", "ns"); }
            @Override public Map<String, Object> metadata() { return Map.of(); }
            @Override public String execute() {
                if (fails) {
                    throw new IllegalStateException("API server said no");
                }
                return "noUpdate";
            }
        };
    }

    @Test
    void gaugesFollowTheStatusAndLoseTheSeriesOfPodsAndClustersThatAreGone() {
        BrokerCluster cluster = BrokerClusters.minimal("dev");
        metrics.clusterStatus(cluster, status(true, true), List.of("dev-broker-0-master-0", "dev-nameserver-0"),
                List.of("dev-nameserver-0"));
        String ns = BrokerClusters.NAMESPACE;
        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "cometmq_operator_cluster_ready{cluster=\"dev\",resource_namespace=\"" + ns + "\"} 1",
                "cometmq_operator_group_master_present{broker_group=\"dev-broker-0\",cluster=\"dev\",resource_namespace=\"" + ns + "\"} 1",
                "cometmq_operator_broker_registered{broker_group=\"dev-broker-0\",cluster=\"dev\",resource_namespace=\"" + ns + "\",resource_pod=\"dev-broker-0-master-0\"} 1",
                "cometmq_operator_pod_crashlooping{cluster=\"dev\",resource_namespace=\"" + ns + "\",resource_pod=\"dev-nameserver-0\"} 1",
                "cometmq_operator_pod_crashlooping{cluster=\"dev\",resource_namespace=\"" + ns + "\",resource_pod=\"dev-broker-0-master-0\"} 0");
        assertThat(scrape).as("registration unknown: no series").doesNotContain("resource_pod=\"dev-broker-0-slave-0\"")
                .doesNotContainPattern("[{,](namespace|pod)=");

        metrics.clusterStatus(cluster, status(false, false), List.of("dev-broker-0-master-0"), List.of());
        scrape = registry.scrape();
        assertThat(scrape).contains("cometmq_operator_cluster_ready{cluster=\"dev\",resource_namespace=\"" + ns + "\"} 0",
                "cometmq_operator_group_master_present{broker_group=\"dev-broker-0\",cluster=\"dev\",resource_namespace=\"" + ns + "\"} 0",
                "resource_namespace=\"" + ns + "\",resource_pod=\"dev-broker-0-master-0\"} 0")
                .doesNotContain("dev-nameserver-0");

        metrics.clusterDeleted(ns, "dev");
        assertThat(registry.scrape()).doesNotContain("cluster=\"dev\"");
    }

    @Test
    void reconcilesAreTimedPerControllerAndResultAndFailuresCounted() throws Exception {
        Metrics josdk = metrics.josdk();
        assertThat(josdk.timeControllerExecution(execution("brokercluster", false))).isEqualTo("noUpdate");
        assertThat(catchThrowable(() -> josdk.timeControllerExecution(execution("brokeruser", true))))
                .hasMessageContaining("API server said no");

        String scrape = registry.scrape();
        assertThat(scrape).contains("# TYPE cometmq_operator_reconcile_duration_seconds histogram",
                "cometmq_operator_reconcile_duration_seconds_count{controller=\"brokercluster\",result=\"success\"} 1",
                "cometmq_operator_reconcile_duration_seconds_bucket{controller=\"brokercluster\",result=\"success\",le=\"30.0\"} 1",
                "cometmq_operator_reconcile_duration_seconds_count{controller=\"brokeruser\",result=\"error\"} 1",
                "cometmq_operator_reconcile_errors_total{controller=\"brokeruser\"} 1")
                .doesNotContain("cometmq_operator_reconcile_errors_total{controller=\"brokercluster\"} 1")
                .as("JOSDK's own families stay").contains("operator_sdk_");
    }

    @Test
    void aDeletedBrokerClusterLosesItsGaugesThroughJosdksCleanupHook() {
        metrics.clusterStatus(BrokerClusters.minimal("gone"), status(true, true), List.of(), List.of());
        Metrics josdk = metrics.josdk();
        josdk.cleanupDoneFor(new ResourceID("gone", "other-namespace"), Map.of(Constants.CONTROLLER_NAME, "brokercluster"));
        assertThat(registry.scrape()).contains("cluster=\"gone\"");
        josdk.cleanupDoneFor(new ResourceID("gone", BrokerClusters.NAMESPACE), Map.of(Constants.CONTROLLER_NAME, "brokeruser"));
        assertThat(registry.scrape()).as("a BrokerUser of that name is another resource").contains("cluster=\"gone\"");
        josdk.cleanupDoneFor(new ResourceID("gone", BrokerClusters.NAMESPACE), Map.of(Constants.CONTROLLER_NAME, "brokercluster"));
        assertThat(registry.scrape()).doesNotContain("cluster=\"gone\"");
    }

    @Test
    void failoversAndDrainsAreCountedByResult() {
        metrics.failover("ns", "ha", "ha-broker-0", true);
        metrics.failover("ns", "ha", "ha-broker-0", false);
        metrics.drain("ns", "ha", "ha-broker-1", true);
        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "cometmq_operator_failovers_total{broker_group=\"ha-broker-0\",cluster=\"ha\",resource_namespace=\"ns\",result=\"success\"} 1",
                "cometmq_operator_failovers_total{broker_group=\"ha-broker-0\",cluster=\"ha\",resource_namespace=\"ns\",result=\"failure\"} 1",
                "cometmq_operator_drains_total{broker_group=\"ha-broker-1\",cluster=\"ha\",resource_namespace=\"ns\",result=\"success\"} 1");
    }

    @Test
    void everyOperatorFamilyIsInTheCatalogueAndEveryCatalogueFamilyIsExported() throws Exception {
        Metrics josdk = metrics.josdk();
        josdk.timeControllerExecution(execution("brokercluster", false));
        catchThrowable(() -> josdk.timeControllerExecution(execution("brokercluster", true)));
        metrics.clusterStatus(BrokerClusters.minimal("dev"), status(true, true), List.of("dev-broker-0-master-0"),
                List.of());
        metrics.failover("ns", "dev", "dev-broker-0", true);
        metrics.drain("ns", "dev", "dev-broker-0", true);

        MetricsCatalogue catalogue = MetricsCatalogue.load();
        Set<String> exported = Scrape.parse(registry.scrape()).types().keySet().stream()
                .filter(name -> name.startsWith("cometmq_"))
                .map(name -> catalogue.familyOf(name).orElse(name)) // a histogram's _max is the histogram's
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).containsExactlyInAnyOrderElementsOf(catalogue.section("Operator"));
    }
}
