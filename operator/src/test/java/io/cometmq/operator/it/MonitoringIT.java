package io.cometmq.operator.it;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.HealthServer;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.operator.crd.MonitoringStatus;
import io.cometmq.operator.metrics.OperatorMetrics;
import io.cometmq.operator.reconcile.PodMonitorStep;
import io.cometmq.operator.status.Conditions;
import io.cometmq.operator.status.RegistrationSource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spec.monitoring against the mock API server: the metrics keys and port in what is rolled out, the PodMonitor once
 * the Prometheus Operator's CRD is installed (the CRUD mock server serves API discovery for the CRDs created in it,
 * and an empty resource list for a group nobody installed), status and events, and the operator's own families on
 * /metrics after real reconciles.
 */
class MonitoringIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        // discovery asked on every reconcile, so that the CRD installed mid-test is noticed at once
        harness = new OperatorHarness(settings -> settings.withMetrics(new OperatorMetrics(registry))
                .withApiDiscoveryInterval(Duration.ZERO));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private MonitoringStatus monitoring(String name) {
        BrokerCluster cluster = harness.get(name);
        return cluster == null || cluster.getStatus() == null ? null : cluster.getStatus().getMonitoring();
    }

    private String podMonitorState(String name) {
        MonitoringStatus status = monitoring(name);
        return status == null ? null : status.getPodMonitor();
    }

    private PodMonitor podMonitor(String name) {
        return harness.client.resources(PodMonitor.class).inNamespace(NS).withName(name).get();
    }

    /** What installing the Prometheus Operator adds to the API server (its CRD, trimmed to what discovery shows). */
    private void installPodMonitorCrd() {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("podmonitors.monitoring.coreos.com").endMetadata()
                .withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
                    .withNewNames().withKind("PodMonitor").withPlural("podmonitors").withSingular("podmonitor")
                        .withListKind("PodMonitorList").endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true)
                        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                            .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                    .endVersion()
                .endSpec().build();
        harness.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    @Test
    void withoutThePrometheusOperatorStatusSaysSoOnceAndTheCrdInstalledLaterGetsThePodMonitor() {
        harness.create(BrokerClusters.withSlaves("mon", 1, 1));
        await().atMost(WAIT).until(() -> MonitoringStatus.NOT_INSTALLED.equals(podMonitorState("mon")));
        MonitoringStatus status = monitoring("mon");
        assertThat(status.getMetricsPort()).isEqualTo(5557);
        assertThat(status.getMessage()).isEqualTo(PodMonitorStep.CRD_MISSING);

        // brokers and NameServers serve metrics anyway: the keys and the named port are rolled out
        await().atMost(WAIT).until(() -> harness.statefulSets().size() == 3);
        assertThat(harness.statefulSets()).allSatisfy(set -> assertThat(set.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getPorts()).anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("metrics");
                    assertThat(p.getContainerPort()).isEqualTo(5557);
                }));
        assertThat(harness.client.configMaps().inNamespace(NS).withName("mon-nameserver-config").get().getData()
                .get("namesrv.conf")).contains("metricsExporterType=PROM\n", "metricsPromExporterPort=5557\n");
        assertThat(harness.client.configMaps().inNamespace(NS).withName("mon-broker-0-config").get().getData()
                .get("slave.conf")).contains("metricsExporterType=PROM\n", "metricsPromExporterHost=0.0.0.0\n");

        harness.markAllReady();
        harness.registered.add(RegistrationSource.key("mon-broker-0", 0));
        harness.registered.add(RegistrationSource.key("mon-broker-0", 1));
        harness.awaitCondition("mon", Conditions.READY, "True/" + Conditions.CLUSTER_READY);
        assertThat(harness.events("PodMonitorNotInstalled")).as("said once, not on every reconcile").hasSize(1);
        assertThat(podMonitor("mon")).isNull();

        installPodMonitorCrd();
        await().atMost(WAIT).until(() -> MonitoringStatus.CREATED.equals(podMonitorState("mon")));
        PodMonitor created = podMonitor("mon");
        assertThat(created.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPort()).isEqualTo("metrics");
            assertThat(endpoint.getPath()).isEqualTo("/metrics");
            assertThat(endpoint.getInterval()).isEqualTo("30s");
        });
        assertThat(created.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(harness.get("mon").getMetadata().getUid()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(harness.events("PodMonitorCreated")).hasSize(1));

        // a spec change reaches the PodMonitor; turning it off deletes it
        harness.edit("mon", bc -> {
            bc.getSpec().setMonitoring(new MonitoringSpec());
            bc.getSpec().getMonitoring().getPodMonitor().setInterval("10s");
            bc.getSpec().getMonitoring().getPodMonitor().getLabels().put("release", "prometheus");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            PodMonitor updated = podMonitor("mon");
            assertThat(updated.getSpec().getPodMetricsEndpoints().get(0).getInterval()).isEqualTo("10s");
            assertThat(updated.getMetadata().getLabels()).containsEntry("release", "prometheus");
        });
        harness.edit("mon", bc -> bc.getSpec().getMonitoring().getPodMonitor().setEnabled(false));
        await().atMost(WAIT).until(() -> podMonitor("mon") == null
                && MonitoringStatus.DISABLED.equals(podMonitorState("mon")));
        assertThat(monitoring("mon").getMetricsPort()).isEqualTo(5557);
    }

    @Test
    void metricsOffRendersDisableAndNoPortAndStatusSaysDisabled() {
        installPodMonitorCrd();
        BrokerCluster cluster = BrokerClusters.minimal("off");
        cluster.getSpec().setMonitoring(new MonitoringSpec());
        cluster.getSpec().getMonitoring().setEnabled(false);
        harness.create(cluster);
        await().atMost(WAIT).until(() -> MonitoringStatus.DISABLED.equals(podMonitorState("off")));
        assertThat(monitoring("off").getMetricsPort()).isNull();
        assertThat(podMonitor("off")).isNull();
        await().atMost(WAIT).until(() -> harness.statefulSets().size() == 3);
        assertThat(harness.statefulSets()).allSatisfy(set -> assertThat(set.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getPorts()).noneMatch(p -> "metrics".equals(p.getName())));
        assertThat(harness.client.configMaps().inNamespace(NS).withName("off-nameserver-config").get().getData()
                .get("namesrv.conf")).contains("metricsExporterType=DISABLE\n").doesNotContain("metricsPromExporterPort");
    }

    @Test
    void aPodMonitorTheApiServerRefusesIsReportedOnceAndHoldsNothingBack() {
        installPodMonitorCrd();
        // e.g. a chart without the podmonitors rule: the API server answers 403
        harness.server.expect().post().withPath("/apis/monitoring.coreos.com/v1/namespaces/" + NS + "/podmonitors")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withCode(403)
                        .withReason("Forbidden").withMessage("podmonitors.monitoring.coreos.com is forbidden").build())
                .always();
        harness.create(BrokerClusters.minimal("denied"));
        await().atMost(WAIT).until(() -> MonitoringStatus.FAILED.equals(podMonitorState("denied")));
        assertThat(monitoring("denied").getMessage()).contains("PodMonitor denied", "403", "forbidden");
        await().atMost(WAIT).until(() -> harness.statefulSets().size() == 3);
        harness.markAllReady();
        harness.registered.add(RegistrationSource.key("denied-broker-0", 0));
        harness.awaitCondition("denied", Conditions.READY, "True/" + Conditions.CLUSTER_READY);
        assertThat(harness.events("PodMonitorFailed")).as("said once").hasSize(1);
        assertThat(podMonitor("denied")).isNull();
    }

    @Test
    void aMetricsPortOnTheRemotingPortIsRefusedNamingTheField() {
        BrokerCluster cluster = BrokerClusters.minimal("clash");
        cluster.getSpec().setMonitoring(new MonitoringSpec());
        cluster.getSpec().getMonitoring().setPort(10911);
        harness.create(cluster);
        harness.awaitCondition("clash", Conditions.DEGRADED, "True/InvalidMonitoring");
        assertThat(Conditions.find(harness.get("clash").getStatus().getConditions(), Conditions.DEGRADED).orElseThrow()
                .getMessage()).contains("spec.monitoring.port 10911");
        assertThat(harness.statefulSets()).isEmpty();
    }

    @Test
    void operatorFamiliesOnMetricsFollowReconcilesAndStatus() throws Exception {
        harness.create(BrokerClusters.minimal("dev"));
        await().atMost(WAIT).until(() -> harness.statefulSets().size() == 3);
        harness.markAllReady();
        harness.registered.add(RegistrationSource.key("dev-broker-0", 0));
        harness.awaitCondition("dev", Conditions.READY, "True/" + Conditions.CLUSTER_READY);

        try (HealthServer server = new HealthServer(0, () -> true, registry).start()) {
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(WAIT).untilAsserted(() -> assertThat(scrape(server)).contains(
                    "cometmq_operator_cluster_ready{cluster=\"dev\",resource_namespace=\"" + NS + "\"} 1",
                    "cometmq_operator_group_master_present{broker_group=\"dev-broker-0\",cluster=\"dev\",resource_namespace=\""
                            + NS + "\"} 1",
                    "cometmq_operator_broker_registered{broker_group=\"dev-broker-0\",cluster=\"dev\",resource_namespace=\""
                            + NS + "\",resource_pod=\"dev-broker-0-master-0\"} 1"));
            assertThat(scrape.body()).contains("# TYPE cometmq_operator_reconcile_duration_seconds histogram",
                    "cometmq_operator_reconcile_errors_total{controller=\"brokercluster\"} 0",
                    "cometmq_operator_reconcile_errors_total{controller=\"brokeruser\"} 0")
                    .containsPattern("cometmq_operator_reconcile_duration_seconds_count\\{controller=\"brokercluster\","
                            + "result=\"success\"} [1-9]")
                    .as("JOSDK's own families stay").contains("operator_sdk_");

            harness.client.resource(harness.get("dev")).delete();
            await().atMost(WAIT).untilAsserted(() -> assertThat(scrape(server)).doesNotContain("cluster=\"dev\""));
        }
    }

    private static String scrape(HealthServer server) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
