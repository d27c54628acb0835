package io.cometmq.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.SpecChecker;
import io.cometmq.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PauseAndInvalidSpecIT {
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void pausedClusterIgnoresSpecChangesUntilResumed() {
        harness.create(BrokerClusters.minimal("paused"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);

        harness.edit("paused", bc -> bc.getMetadata().getAnnotations().put(Annotations.PAUSE, "true"));
        harness.awaitCondition("paused", Conditions.PROGRESSING, "False/" + Conditions.PAUSED);
        harness.edit("paused", bc -> bc.getSpec().getNameServer().setReplicas(3));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> harness.statefulSet("paused-nameserver").getSpec().getReplicas() == 2);
        assertThat(harness.get("paused").getStatus().getPhase()).isEqualTo("Paused");
        assertThat(harness.events(Conditions.PAUSED)).hasSize(1);

        harness.edit("paused", bc -> bc.getMetadata().getAnnotations().remove(Annotations.PAUSE));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSet("paused-nameserver").getSpec().getReplicas() == 3);
    }

    @Test
    void specTheSchemaCannotRefuseIsReportedAndNothingIsCreated() {
        BrokerCluster cluster = BrokerClusters.minimal("invalid");
        cluster.getSpec().getBroker().getConfig().put("brokerId", "7");
        harness.create(cluster);

        harness.awaitCondition("invalid", Conditions.DEGRADED, "True/ReservedConfigKey");
        harness.awaitCondition("invalid", Conditions.PROGRESSING, "False/" + Conditions.BLOCKED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.events("ReservedConfigKey").isEmpty());
        assertThat(harness.statefulSets()).isEmpty();

        harness.edit("invalid", bc -> bc.getSpec().getBroker().getConfig().remove("brokerId"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.awaitCondition("invalid", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);
    }

    @Test
    void typoInBrokerConfigIsReportedWithTheClosestKeyAndNothingIsCreated() {
        BrokerCluster cluster = BrokerClusters.minimal("typo");
        cluster.getSpec().getBroker().getConfig().put("flushDiskTyp", "SYNC_FLUSH");
        harness.create(cluster);

        harness.awaitCondition("typo", Conditions.DEGRADED, "True/" + SpecChecker.INVALID_BROKER_CONFIG);
        assertThat(Conditions.find(harness.get("typo").getStatus().getConditions(), Conditions.DEGRADED).orElseThrow()
                .getMessage()).contains("unknown key 'flushDiskTyp' (did you mean 'flushDiskType'?)");
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.events(SpecChecker.INVALID_BROKER_CONFIG).isEmpty());
        assertThat(harness.statefulSets()).isEmpty();

        harness.edit("typo", bc -> bc.getSpec().getBroker().getConfig().remove("flushDiskTyp"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.awaitCondition("typo", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);
    }

    @Test
    void badBrokerConfigValueOnARunningClusterChangesNoStatefulSet() {
        harness.create(BrokerClusters.minimal("running"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        String hashBefore = configHash("running-broker-0-master");

        harness.edit("running", bc -> bc.getSpec().getBroker().getConfig().put("maxMessageSize", "huge"));
        harness.awaitCondition("running", Conditions.DEGRADED, "True/" + SpecChecker.INVALID_BROKER_CONFIG);
        assertThat(Conditions.find(harness.get("running").getStatus().getConditions(), Conditions.DEGRADED)
                .orElseThrow().getMessage()).contains("key 'maxMessageSize' must be an integer, was 'huge'");
        assertThat(configHash("running-broker-0-master")).isEqualTo(hashBefore);
        assertThat(harness.client.configMaps().inNamespace(BrokerClusters.NAMESPACE).withName("running-broker-0-config")
                .get().getData().values()).noneMatch(text -> text.contains("maxMessageSize"));
    }

    private String configHash(String statefulSet) {
        return harness.statefulSet(statefulSet).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Annotations.CONFIG_HASH);
    }

    @Test
    void disabledTuningDropsTheInitContainerAndSaysSo() {
        BrokerCluster cluster = BrokerClusters.minimal("untuned");
        cluster.getSpec().getTuning().getSysctls().setEnabled(false);
        harness.create(cluster);

        harness.awaitCondition("untuned", Conditions.TUNING, "False/" + Conditions.SYSCTLS_DISABLED);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSet("untuned-broker-0-master") != null);
        assertThat(harness.statefulSet("untuned-broker-0-master").getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.events(Conditions.SYSCTLS_DISABLED).isEmpty());
    }
}
