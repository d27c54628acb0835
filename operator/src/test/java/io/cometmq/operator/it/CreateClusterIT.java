package io.cometmq.operator.it;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.status.Conditions;
import io.cometmq.operator.status.RegistrationSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreateClusterIT {
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness(OperatorHarness.Mode.ALL_NAMESPACES);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void createsEveryObjectWithOwnerReferencesForTwoClustersAtOnce() {
        BrokerCluster one = harness.create(BrokerClusters.withSlaves("one", 2, 1));
        BrokerCluster two = harness.create(BrokerClusters.minimal("two"));

        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 5 + 3);
        assertThat(harness.statefulSets()).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder(
                "one-nameserver", "one-broker-0-master", "one-broker-0-slave", "one-broker-1-master", "one-broker-1-slave",
                "two-nameserver", "two-broker-0-master", "two-broker-0-slave");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            // per StatefulSet a headless Service, per cluster the gRPC Service
            assertThat(harness.client.services().inNamespace(NS).list().getItems()).hasSize((5 + 1) + (3 + 1));
            // NameServer config + per group a config and a role ConfigMap
            assertThat(harness.client.configMaps().inNamespace(NS).list().getItems()).hasSize((1 + 2 * 2) + (1 + 2));
            assertThat(harness.client.policy().v1().podDisruptionBudget().inNamespace(NS).list().getItems()).hasSize(3 + 2);
        });

        String uid = harness.get("one").getMetadata().getUid();
        List<HasMetadata> owned = Stream.<HasMetadata>concat(harness.statefulSets().stream(),
                harness.client.configMaps().inNamespace(NS).list().getItems().stream())
                .filter(o -> o.getMetadata().getName().startsWith("one-")).toList();
        assertThat(owned).allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
                .singleElement().satisfies(ref -> {
                    assertThat(ref.getUid()).isEqualTo(uid);
                    assertThat(ref.getKind()).isEqualTo("BrokerCluster");
                    assertThat(ref.getController()).isTrue();
                }));

        harness.awaitCondition("one", Conditions.READY, "False/" + Conditions.NAMESERVERS_NOT_READY);
        assertThat(harness.get("one").getStatus().getNameServerAddress()).isEqualTo(
                "one-nameserver-0.one-nameserver.cometmq-test.svc.cluster.local:9876;"
                        + "one-nameserver-1.one-nameserver.cometmq-test.svc.cluster.local:9876");
        assertThat(harness.events("Created")).isNotEmpty();
    }

    @Test
    void becomesReadyWhenStatefulSetsAreReadyAndBrokersRegistered() {
        harness.create(BrokerClusters.withSlaves("ready", 1, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.awaitCondition("ready", Conditions.READY, "False/" + Conditions.NAMESERVERS_NOT_READY);

        harness.markAllReady();
        harness.awaitCondition("ready", Conditions.READY, "False/" + Conditions.BROKERS_NOT_REGISTERED);

        harness.registered.add(RegistrationSource.key("ready-broker-0", 0));
        harness.registered.add(RegistrationSource.key("ready-broker-0", 1));
        harness.awaitCondition("ready", Conditions.READY, "True/" + Conditions.CLUSTER_READY);
        harness.awaitCondition("ready", Conditions.PROGRESSING, "False/" + Conditions.RECONCILED);
        BrokerCluster cluster = harness.get("ready");
        assertThat(cluster.getStatus().getPhase()).isEqualTo("Running");
        assertThat(cluster.getStatus().getNameServers()).isEqualTo("2/2");
        assertThat(cluster.getStatus().getGroupsReady()).isEqualTo("1/1");
        assertThat(cluster.getStatus().getObservedGeneration()).isEqualTo(cluster.getMetadata().getGeneration());
        assertThat(cluster.getStatus().getGroups()).singleElement().satisfies(g -> {
            assertThat(g.isMasterReady()).isTrue();
            assertThat(g.getSlavesReady()).isEqualTo("1/1");
            assertThat(g.getBrokers()).allSatisfy(b -> assertThat(b.getRegistered()).isTrue());
        });
        assertThat(cluster.getSpec().getImages().getBroker()).isEqualTo("cometmq/broker:test");
        StatefulSet master = harness.statefulSet("ready-broker-0-master");
        assertThat(master.getSpec().getTemplate().getSpec().getInitContainers()).hasSize(1);
    }

    @Test
    void reportsEachBrokersFileLimitAndAShortfallInTuningApplied() {
        harness.create(BrokerClusters.withSlaves("limits", 1, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.markAllReady();
        harness.awaitCondition("limits", Conditions.TUNING, "True/" + Conditions.SYSCTLS_APPLIED);

        String master = "limits-broker-0-master-0.limits-broker-0-master.cometmq-test.svc.cluster.local:10911";
        String slave = "limits-broker-0-slave-0.limits-broker-0-slave.cometmq-test.svc.cluster.local:10911";
        harness.brokerRuntime.put(master, java.util.Map.of("nofileLimit", "655350"));
        harness.brokerRuntime.put(slave, java.util.Map.of("nofileLimit", "20000"));
        harness.awaitCondition("limits", Conditions.TUNING, "False/" + Conditions.NOFILE_BELOW_TARGET);

        BrokerCluster cluster = harness.get("limits");
        assertThat(cluster.getStatus().getGroups().get(0).getBrokers())
                .extracting(b -> b.getPod() + "=" + b.getNofileLimit())
                .containsExactly("limits-broker-0-master-0=655350", "limits-broker-0-slave-0=20000");
        assertThat(Conditions.find(cluster.getStatus().getConditions(), Conditions.TUNING).orElseThrow().getMessage())
                .contains("limits-broker-0-slave-0 (20000)", "nofileTarget 655350")
                .doesNotContain("master-0 (");

        harness.brokerRuntime.put(slave, java.util.Map.of("nofileLimit", "655350"));
        harness.awaitCondition("limits", Conditions.TUNING, "True/" + Conditions.SYSCTLS_APPLIED);
    }

    @Test
    void aNameServerThatNeverAnswersDoesNotHoldTheReconciler() {
        harness.nameServersHang = true;
        try {
            harness.create(BrokerClusters.withSlaves("stuck", 1, 1));
            await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
            harness.markAllReady();
            // registration cannot be asked, yet every reconcile completes and status follows the StatefulSets
            harness.awaitCondition("stuck", Conditions.READY, "True/" + Conditions.CLUSTER_READY);
            assertThat(Conditions.find(harness.get("stuck").getStatus().getConditions(), Conditions.READY).orElseThrow()
                    .getMessage()).contains("registration was not checked");
        } finally {
            harness.nameServersHang = false;
        }
        // once the NameServers answer, the next probe reports that nothing is registered
        harness.awaitCondition("stuck", Conditions.READY, "False/" + Conditions.BROKERS_NOT_REGISTERED);
    }
}
