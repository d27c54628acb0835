package io.cometmq.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaleDownGuardTest {
    @Test
    void groupsWithinSpecAreNeverTouched() {
        ScaleDownGuard.Plan plan = ScaleDownGuard.plan(3, List.of(0, 1, 2), Map.of());
        assertThat(plan.remove()).isEmpty();
        assertThat(plan.refused()).isFalse();
    }

    @Test
    void undrainedGroupBeyondSpecIsRefusedDrainedOneIsRemoved() {
        Map<Integer, DrainProgress> drains = Map.of(
                2, new DrainProgress(2, DrainProgress.State.Draining, 5L, "busy"),
                3, new DrainProgress(3, DrainProgress.State.Drained, 0L, "done"));
        ScaleDownGuard.Plan plan = ScaleDownGuard.plan(2, List.of(0, 1, 2, 3), drains);
        assertThat(plan.remove()).isEqualTo(Set.of(3));
        assertThat(plan.refuse()).isEqualTo(Set.of(2));
    }

    @Test
    void failedDrainDoesNotAllowRemoval() {
        ScaleDownGuard.Plan plan = ScaleDownGuard.plan(1, List.of(0, 1),
                Map.of(1, new DrainProgress(1, DrainProgress.State.Failed, null, "no client")));
        assertThat(plan.refuse()).containsExactly(1);
    }
}
