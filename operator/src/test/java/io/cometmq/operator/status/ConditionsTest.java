package io.cometmq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2025-01-01T01:00:00Z");

    @Test
    void transitionTimeIsKeptWhileStatusIsUnchangedEvenIfReasonChanges() {
        List<Condition> first = Conditions.merge(List.of(),
                List.of(Conditions.of(Conditions.READY, false, Conditions.NAMESERVERS_NOT_READY, "0 of 2")), T1, 1L);
        List<Condition> second = Conditions.merge(first,
                List.of(Conditions.of(Conditions.READY, false, Conditions.BROKERS_NOT_READY, "waiting")), T2, 2L);
        assertThat(second.get(0).getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(second.get(0).getObservedGeneration()).isEqualTo(2L);
        assertThat(Conditions.transitioned(first, second.get(0))).isTrue();
    }

    @Test
    void statusChangeStampsANewTransitionTime() {
        List<Condition> first = Conditions.merge(List.of(),
                List.of(Conditions.of(Conditions.READY, false, Conditions.BROKERS_NOT_READY, "waiting")), T1, 1L);
        List<Condition> second = Conditions.merge(first,
                List.of(Conditions.of(Conditions.READY, true, Conditions.CLUSTER_READY, "ready")), T2, 1L);
        assertThat(second.get(0).getLastTransitionTime()).isEqualTo(T2.toString());
        assertThat(Conditions.isTrue(second, Conditions.READY)).isTrue();
    }

    @Test
    void sameStatusAndReasonIsNotATransition() {
        List<Condition> first = Conditions.merge(List.of(),
                List.of(Conditions.of(Conditions.DEGRADED, true, Conditions.SCALE_DOWN_REFUSED, "a")), T1, 1L);
        assertThat(Conditions.transitioned(first, Conditions.of(Conditions.DEGRADED, true, Conditions.SCALE_DOWN_REFUSED, "b")))
                .isFalse();
    }
}
