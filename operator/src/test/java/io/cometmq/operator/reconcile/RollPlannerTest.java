package io.cometmq.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class RollPlannerTest {
    private static StatefulSet slaves(int replicas, long generation, Long observed, int ready, int updated) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("s").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReadyReplicas(ready).withUpdatedReplicas(updated).endStatus()
                .build();
    }

    @Test
    void masterWaitsWhileSlavesWereJustChanged() {
        assertThat(RollPlanner.mayUpdateMaster(slaves(1, 2, 2L, 1, 1), true)).isFalse();
    }

    @Test
    void masterWaitsUntilTheControllerObservedTheNewGenerationAndAllSlavesAreUpdatedAndReady() {
        assertThat(RollPlanner.mayUpdateMaster(slaves(2, 3, 2L, 2, 2), false)).isFalse();
        assertThat(RollPlanner.mayUpdateMaster(slaves(2, 3, 3L, 1, 2), false)).isFalse();
        assertThat(RollPlanner.mayUpdateMaster(slaves(2, 3, 3L, 2, 1), false)).isFalse();
        assertThat(RollPlanner.mayUpdateMaster(slaves(2, 3, 3L, 2, 2), false)).isTrue();
    }

    @Test
    void groupWithoutSlavesRollsItsMasterAtOnce() {
        assertThat(RollPlanner.mayUpdateMaster(null, false)).isTrue();
        assertThat(RollPlanner.mayUpdateMaster(slaves(0, 2, null, 0, 0), true)).isTrue();
    }
}
