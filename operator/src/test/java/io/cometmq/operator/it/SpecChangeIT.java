package io.cometmq.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpecChangeIT {
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness();
        harness.create(BrokerClusters.withSlaves("roll", 1, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.markAllReady();
        harness.awaitCondition("roll", Conditions.PROGRESSING, "False/" + Conditions.RECONCILED);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void imageChangeRollsSlavesFirstAndMasterOnlyAfterSlavesAreReady() {
        harness.edit("roll", bc -> bc.getSpec().getImages().setBroker("cometmq/broker:v2"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "cometmq/broker:v2".equals(image("roll-broker-0-slave")));
        harness.awaitCondition("roll", Conditions.PROGRESSING, "True/" + Conditions.WAITING_FOR_SLAVES);
        assertThat(image("roll-broker-0-master")).isEqualTo("cometmq/broker:test");

        harness.markReady("roll-broker-0-slave");
        await().atMost(Duration.ofSeconds(20)).until(() -> "cometmq/broker:v2".equals(image("roll-broker-0-master")));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.events("RollingUpdate").size() >= 2);
        harness.markAllReady();
        harness.awaitCondition("roll", Conditions.PROGRESSING, "False/" + Conditions.RECONCILED);
        assertThat(harness.get("roll").getStatus().getObservedGeneration())
                .isEqualTo(harness.get("roll").getMetadata().getGeneration());
    }

    @Test
    void configChangeChangesTheConfigHashOfThePodTemplate() {
        String before = configHash("roll-broker-0-slave");
        harness.edit("roll", bc -> bc.getSpec().getBroker().getConfig().put("sendMessageThreadPoolNums", "32"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !before.equals(configHash("roll-broker-0-slave")));
        assertThat(harness.client.configMaps().inNamespace(OperatorHarness.NS).withName("roll-broker-0-config").get()
                .getData().get("slave.conf")).contains("sendMessageThreadPoolNums=32");
    }

    @Test
    void scalesUpGroupsSlavesAndNameServers() {
        harness.edit("roll", bc -> {
            bc.getSpec().getBroker().setGroups(3);
            bc.getSpec().getBroker().setSlavesPerGroup(2);
            bc.getSpec().getNameServer().setReplicas(3);
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(harness.statefulSets()).hasSize(1 + 3 * 2);
            assertThat(harness.statefulSet("roll-nameserver").getSpec().getReplicas()).isEqualTo(3);
            assertThat(harness.statefulSet("roll-broker-2-slave").getSpec().getReplicas()).isEqualTo(2);
            assertThat(harness.statefulSet("roll-broker-0-slave").getSpec().getReplicas()).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.events("Scaled").stream()
                .anyMatch(e -> e.getMessage().contains("broker groups from 1 to 3")));
        // masters roll after their slaves, so keep playing the StatefulSet controller until all settle
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            harness.markAllReady();
            return "3/3".equals(harness.get("roll").getStatus().getGroupsReady())
                    && ("False/" + Conditions.RECONCILED).equals(harness.conditionReason("roll", Conditions.PROGRESSING));
        });
    }

    @Test
    void handEditIsKeptUntilItsDesiredHashIsRemovedThenRewritten() {
        harness.client.apps().statefulSets().inNamespace(OperatorHarness.NS).withName("roll-broker-0-slave")
                .edit(set -> {
                    set.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone/else:1");
                    return set;
                });
        // documented behaviour (docs/OPERATOR.md, "Hand edits"): the operator compares its own hash, so the edit stays
        harness.edit("roll", bc -> bc.getMetadata().setLabels(java.util.Map.of("touched", "yes")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> "someone/else:1".equals(image("roll-broker-0-slave")));

        harness.client.apps().statefulSets().inNamespace(OperatorHarness.NS).withName("roll-broker-0-slave")
                .edit(set -> {
                    set.getMetadata().getAnnotations().remove(Annotations.DESIRED_HASH);
                    return set;
                });
        await().atMost(Duration.ofSeconds(20)).until(() -> "cometmq/broker:test".equals(image("roll-broker-0-slave")));
    }

    private String image(String statefulSet) {
        StatefulSet set = harness.statefulSet(statefulSet);
        return set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private String configHash(String statefulSet) {
        return harness.statefulSet(statefulSet).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Annotations.CONFIG_HASH);
    }
}
