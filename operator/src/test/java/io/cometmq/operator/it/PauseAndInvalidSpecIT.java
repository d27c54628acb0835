package io.cometmq.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
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
