package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.operator.crd.PodMonitorSpec;
import io.cometmq.operator.crd.SecuritySpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** spec.monitoring in the desired objects: the named container port, the PodMonitor and the NetworkPolicy. */
class MonitoringModelTest {
    private static final Names NAMES = new Names("mon", "ns", "cluster.local");

    private static List<StatefulSet> sets(BrokerCluster cluster) {
        BrokerGroupModel group = new BrokerGroupModel(cluster, NAMES, 0);
        return List.of(new NameServerModel(cluster, NAMES).statefulSet(), group.statefulSet(BrokerRole.MASTER),
                group.statefulSet(BrokerRole.SLAVE));
    }

    private static List<ContainerPort> metricsPorts(StatefulSet set) {
        Container main = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        return main.getPorts().stream().filter(p -> "metrics".equals(p.getName())).toList();
    }

    @Test
    void brokerAndNameServerContainersNameTheirMetricsPortWhileMetricsAreOn() {
        BrokerCluster cluster = BrokerClusters.withSlaves("mon", 1, 1);
        for (StatefulSet set : sets(cluster)) {
            assertThat(metricsPorts(set)).as(set.getMetadata().getName()).singleElement()
                    .satisfies(p -> {
                        assertThat(p.getContainerPort()).isEqualTo(5557);
                        assertThat(p.getProtocol()).isEqualTo("TCP");
                    });
        }
        cluster.getSpec().setMonitoring(new MonitoringSpec());
        cluster.getSpec().getMonitoring().setPort(9100);
        assertThat(sets(cluster)).allSatisfy(set -> assertThat(metricsPorts(set)).extracting(ContainerPort::getContainerPort)
                .containsExactly(9100));
        cluster.getSpec().getMonitoring().setEnabled(false);
        assertThat(sets(cluster)).allSatisfy(set -> assertThat(metricsPorts(set)).isEmpty());
    }

    @Test
    void podMonitorScrapesPortMetricsOfEveryPodOfTheClusterWithTheSpecsTimingAndLabels() {
        BrokerCluster cluster = BrokerClusters.withSlaves("mon", 2, 1);
        cluster.getMetadata().setNamespace("ns");
        MonitoringSpec monitoring = new MonitoringSpec();
        monitoring.getPodMonitor().setInterval("15s");
        monitoring.getPodMonitor().setScrapeTimeout("10s");
        monitoring.getPodMonitor().getLabels().put("release", "prometheus");
        // the operator's own labels cannot be replaced
        monitoring.getPodMonitor().getLabels().put(Labels.MANAGED_BY, "someone-else");
        cluster.getSpec().setMonitoring(monitoring);

        PodMonitor podMonitor = ClusterPodMonitor.build(cluster, NAMES);

        assertThat(podMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(podMonitor.getKind()).isEqualTo("PodMonitor");
        assertThat(podMonitor.getMetadata().getName()).isEqualTo("mon");
        assertThat(podMonitor.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(podMonitor.getMetadata().getLabels()).containsEntry("release", "prometheus")
                .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR).containsEntry(Labels.INSTANCE, "mon");
        assertThat(podMonitor.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("BrokerCluster"));
        PodMetricsEndpoint endpoint = podMonitor.getSpec().getPodMetricsEndpoints().get(0);
        assertThat(podMonitor.getSpec().getPodMetricsEndpoints()).hasSize(1);
        assertThat(endpoint.getPort()).isEqualTo("metrics");
        assertThat(endpoint.getPath()).isEqualTo("/metrics");
        assertThat(endpoint.getInterval()).isEqualTo("15s");
        assertThat(endpoint.getScrapeTimeout()).isEqualTo("10s");

        // the selector picks every broker and NameServer pod of this cluster, and no other cluster's
        Map<String, String> selector = podMonitor.getSpec().getSelector().getMatchLabels();
        BrokerGroupModel group1 = new BrokerGroupModel(cluster, NAMES, 1);
        Stream.of(new NameServerModel(cluster, NAMES).statefulSet(), group1.statefulSet(BrokerRole.MASTER),
                        group1.statefulSet(BrokerRole.SLAVE))
                .map(set -> set.getSpec().getTemplate().getMetadata().getLabels())
                .forEach(podLabels -> assertThat(podLabels).containsAllEntriesOf(selector));
        assertThat(Labels.nameServerSelector("mon-2")).doesNotContainEntry(Labels.INSTANCE, "mon");
        assertThat(selector).containsEntry(Labels.INSTANCE, "mon");
    }

    @Test
    void defaultPodMonitorScrapesEveryThirtySecondsWithPrometheusTimeout() {
        PodMonitor podMonitor = ClusterPodMonitor.build(BrokerClusters.minimal("mon"), NAMES);
        assertThat(podMonitor.getSpec().getPodMetricsEndpoints().get(0).getInterval()).isEqualTo("30s");
        assertThat(podMonitor.getSpec().getPodMetricsEndpoints().get(0).getScrapeTimeout()).isNull();
    }

    @Test
    void prometheusDurationsAreParsedUnitByUnit() {
        assertThat(PodMonitorSpec.duration("f", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PodMonitorSpec.duration("f", "1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(PodMonitorSpec.duration("f", "1h500ms")).isEqualTo(Duration.ofHours(1).plusMillis(500));
        assertThat(PodMonitorSpec.duration("f", "1w1d")).isEqualTo(Duration.ofDays(8));
        assertThat(PodMonitorSpec.duration("f", "0")).isEqualTo(Duration.ZERO);
        for (String bad : List.of("", "30", "s", "1s1m", "1.5s", "99999999999999999999s")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PodMonitorSpec.duration("spec.x", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spec.x");
        }
    }

    @Test
    void networkPolicyOpensTheMetricsPortToEveryoneOnlyWhileMetricsAreOn() {
        BrokerCluster cluster = BrokerClusters.withSlaves("mon", 1, 1);
        SecuritySpec security = new SecuritySpec();
        security.setNetworkPolicy(true);
        cluster.getSpec().setSecurity(security);
        var open = ClusterNetworkPolicy.build(cluster, NAMES).getSpec().getIngress().get(0);
        assertThat(open.getFrom()).as("from anywhere").isNullOrEmpty();
        // 8081: the gRPC port of spec.grpc, on by default (GrpcModelTest)
        assertThat(open.getPorts()).extracting(NetworkPolicyPort::getPort).extracting(p -> p.getIntVal())
                .containsExactly(9876, 10911, 8081, 5557);

        cluster.getSpec().setMonitoring(new MonitoringSpec());
        cluster.getSpec().getMonitoring().setEnabled(false);
        assertThat(ClusterNetworkPolicy.build(cluster, NAMES).getSpec().getIngress().get(0).getPorts())
                .extracting(NetworkPolicyPort::getPort).extracting(p -> p.getIntVal()).containsExactly(9876, 10911, 8081);
    }
}
