package io.cometmq.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

class RollPlannerTest {
    private static final Names NAMES = new Names("demo", "ns", "cluster.local");

    private static StatefulSet set(int replicas, long generation, Long observed, int ready, int updated) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("s").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReadyReplicas(ready).withUpdatedReplicas(updated).endStatus()
                .build();
    }

    @Test
    void withTheMasterAtHomeTheSlaveStatefulSetRollsFirst() {
        BrokerRole last = RollPlanner.rollsLast(NAMES, 1, "demo-broker-1-master-0");
        assertThat(last).isEqualTo(BrokerRole.MASTER);
        assertThat(RollPlanner.rollsFirst(last)).isEqualTo(BrokerRole.SLAVE);
    }

    @Test
    void afterAFailoverToASlaveTheMasterStatefulSetRollsFirst() {
        BrokerRole last = RollPlanner.rollsLast(NAMES, 1, "demo-broker-1-slave-1");
        assertThat(last).isEqualTo(BrokerRole.SLAVE);
        assertThat(RollPlanner.rollsFirst(last)).isEqualTo(BrokerRole.MASTER);
    }

    @Test
    void anUnknownOrForeignMasterKeepsTheHomeOrder() {
        assertThat(RollPlanner.rollsLast(NAMES, 1, null)).isEqualTo(BrokerRole.MASTER);
        assertThat(RollPlanner.rollsLast(NAMES, 1, "demo-broker-0-slave-0")).isEqualTo(BrokerRole.MASTER);
        assertThat(RollPlanner.rollsLast(NAMES, 1, "demo-broker-1-slave-x")).isEqualTo(BrokerRole.MASTER);
        assertThat(RollPlanner.rollsLast(NAMES, 1, "other-broker-1-slave-0")).isEqualTo(BrokerRole.MASTER);
    }

    @Test
    void theLastWaitsWhileTheFirstWasJustChanged() {
        assertThat(RollPlanner.mayUpdateLast(set(1, 2, 2L, 1, 1), true)).isFalse();
    }

    @Test
    void theLastWaitsUntilTheControllerObservedTheNewGenerationAndAllOfTheFirstAreUpdatedAndReady() {
        assertThat(RollPlanner.mayUpdateLast(set(2, 3, 2L, 2, 2), false)).isFalse();
        assertThat(RollPlanner.mayUpdateLast(set(2, 3, 3L, 1, 2), false)).isFalse();
        assertThat(RollPlanner.mayUpdateLast(set(2, 3, 3L, 2, 1), false)).isFalse();
        assertThat(RollPlanner.mayUpdateLast(set(2, 3, 3L, 2, 2), false)).isTrue();
    }

    @Test
    void withNothingToRollFirstTheLastRollsAtOnce() {
        assertThat(RollPlanner.mayUpdateLast(null, false)).isTrue();
        assertThat(RollPlanner.mayUpdateLast(set(0, 2, null, 0, 0), true)).isTrue();
    }
}
