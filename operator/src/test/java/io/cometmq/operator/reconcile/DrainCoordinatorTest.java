package io.cometmq.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.Names;
import java.util.Map;
import io.cometmq.operator.metrics.OperatorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class DrainCoordinatorTest {
    private static BrokerCluster draining() {
        BrokerCluster cluster = BrokerClusters.withSlaves("d", 3, 1);
        cluster.getMetadata().setAnnotations(Map.of(Annotations.DRAIN_GROUP, "2"));
        return cluster;
    }

    private static Names names() {
        return new Names("d", BrokerClusters.NAMESPACE, Names.DEFAULT_CLUSTER_DOMAIN);
    }

    @Test
    void anUnknownBacklogKeepsTheGroupAndSaysWhy() {
        GroupDrainer unknown = new GroupDrainer() {
            @Override
            public void makeReadOnly(DrainTarget target) {}

            @Override
            public long backlog(DrainTarget target) throws DrainStatusUnknownException {
                throw new DrainStatusUnknownException("broker x does not support GET_CONSUME_STATS");
            }
        };
        DrainProgress progress = new DrainCoordinator(unknown).step(draining(), names()).get(2);
        assertThat(progress.drained()).isFalse();
        assertThat(progress.backlog()).isNull();
        assertThat(progress.message()).contains("unknown").contains("GET_CONSUME_STATS");
    }

    @Test
    void theTargetNamesTheMasterFirstAndEveryNameServer() {
        DrainTarget target = DrainCoordinator.target(draining(), names(), 2, null);
        assertThat(target.brokerName()).isEqualTo("d-broker-2");
        assertThat(target.brokerAddresses()).hasSize(2);
        assertThat(target.brokerAddresses().get(0)).startsWith("d-broker-2-master-0.");
        assertThat(target.nameServerAddress().split(";")).hasSize(2);
    }

    @Test
    void afterAFailoverTheTargetNamesThePodThatIsMasterFirst() {
        DrainTarget target = DrainCoordinator.target(draining(), names(), 2, "d-broker-2-slave-0");
        assertThat(target.brokerAddresses()).hasSize(2);
        assertThat(target.brokerAddresses().get(0)).startsWith("d-broker-2-slave-0.");
        assertThat(target.brokerAddresses().get(1)).startsWith("d-broker-2-master-0.");

        java.util.List<String> seen = new java.util.ArrayList<>();
        GroupDrainer recording = new GroupDrainer() {
            @Override
            public void makeReadOnly(DrainTarget t) {}

            @Override
            public long backlog(DrainTarget t) {
                seen.add(t.brokerAddresses().get(0));
                return 0;
            }
        };
        new DrainCoordinator(recording).step(draining(), names(), Map.of(2, "d-broker-2-slave-0"));
        assertThat(seen).singleElement().satisfies(a -> assertThat(a).startsWith("d-broker-2-slave-0."));
    }

    @Test
    void eachDrainIsCountedOnceWhenItEndsDrainedOrFailed() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        long[] backlog = {5};
        boolean[] fail = {false};
        GroupDrainer drainer = new GroupDrainer() {
            @Override
            public void makeReadOnly(DrainTarget target) throws java.io.IOException {
                if (fail[0]) {
                    throw new java.io.IOException("NameServer gone");
                }
            }

            @Override
            public long backlog(DrainTarget target) {
                return backlog[0];
            }
        };
        DrainCoordinator coordinator = new DrainCoordinator(drainer, new OperatorMetrics(registry));
        String series = "{broker_group=\"d-broker-2\",cluster=\"d\",resource_namespace=\"" + BrokerClusters.NAMESPACE
                + "\",result=";
        coordinator.step(draining(), names());
        assertThat(registry.scrape()).as("still draining").doesNotContain("cometmq_operator_drains_total{");
        backlog[0] = 0;
        coordinator.step(draining(), names());
        coordinator.step(draining(), names());
        assertThat(registry.scrape()).contains("cometmq_operator_drains_total" + series + "\"success\"} 1");
        fail[0] = true;
        coordinator.step(draining(), names());
        coordinator.step(draining(), names());
        assertThat(registry.scrape()).contains("cometmq_operator_drains_total" + series + "\"failure\"} 1");
    }
}
