package io.cometmq.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScaleDownIT {
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness();
        harness.create(BrokerClusters.withSlaves("shrink", 2, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 5);
        harness.markAllReady();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void removingAGroupThatIsNotDrainedIsRefusedAndTheGroupKeepsRunning() {
        harness.edit("shrink", bc -> bc.getSpec().getBroker().setGroups(1));

        harness.awaitCondition("shrink", Conditions.DEGRADED, "True/" + Conditions.SCALE_DOWN_REFUSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.events(Conditions.SCALE_DOWN_REFUSED).isEmpty());
        assertThat(harness.statefulSet("shrink-broker-1-master")).isNotNull();
        assertThat(harness.statefulSet("shrink-broker-1-slave")).isNotNull();
        assertThat(harness.get("shrink").getStatus().getPhase()).isEqualTo("Degraded");
        assertThat(harness.get("shrink").getStatus().getGroups()).hasSize(2);
    }

    @Test
    void drainedGroupIsRemovedAfterItsBacklogReachesZero() {
        harness.drainer.backlog.put("shrink-broker-1", 42L);
        harness.edit("shrink", bc -> bc.getMetadata().getAnnotations().put(Annotations.DRAIN_GROUP, "1"));
        harness.awaitCondition("shrink", Conditions.PROGRESSING, "True/" + Conditions.DRAINING);
        assertThat(harness.drainer.readOnly).containsExactly("shrink-broker-1");
        assertThat(harness.get("shrink").getStatus().getGroups().get(1).getBacklog()).isEqualTo(42L);

        harness.edit("shrink", bc -> bc.getSpec().getBroker().setGroups(1));
        harness.awaitCondition("shrink", Conditions.DEGRADED, "True/" + Conditions.SCALE_DOWN_REFUSED);
        assertThat(harness.statefulSet("shrink-broker-1-master")).isNotNull();

        harness.drainer.backlog.put("shrink-broker-1", 0L);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSet("shrink-broker-1-master") == null
                && harness.statefulSet("shrink-broker-1-slave") == null);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                harness.client.configMaps().inNamespace(OperatorHarness.NS).withName("shrink-broker-1-config").get() == null
                        && harness.client.configMaps().inNamespace(OperatorHarness.NS).withName("shrink-broker-1-role").get() == null);
        assertThat(harness.client.configMaps().inNamespace(OperatorHarness.NS).withName("shrink-broker-0-role").get()).isNotNull();
        harness.awaitCondition("shrink", Conditions.DEGRADED, "False/" + Conditions.NO_PROBLEMS);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !harness.get("shrink").getMetadata().getAnnotations().containsKey(Annotations.DRAIN_GROUP));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.events("GroupRemoved").size() == 1);
    }
}
