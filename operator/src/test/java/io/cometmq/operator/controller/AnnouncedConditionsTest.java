package io.cometmq.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncedConditionsTest {
    private static final List<Condition> STALE = List.of(Conditions.of(Conditions.PROGRESSING, true,
            Conditions.ROLLING_OUT, "rolling"));
    private static final List<Condition> PAUSED = List.of(Conditions.of(Conditions.PROGRESSING, false,
            Conditions.PAUSED, "paused"));

    @Test
    void aStaleStatusDoesNotAnnounceTheSameChangeTwice() {
        AnnouncedConditions announced = new AnnouncedConditions();
        assertThat(announced.previous("ns/a/1", STALE)).isEqualTo(STALE);
        announced.remember("ns/a/1", PAUSED);

        // the next reconcile still sees the cached status without the pause: what was computed last wins
        List<Condition> previous = announced.previous("ns/a/1", STALE);
        assertThat(Conditions.transitioned(previous, PAUSED.get(0))).isFalse();
        assertThat(Conditions.transitioned(STALE, PAUSED.get(0))).isTrue();
    }

    @Test
    void forgetsTheLeastRecentlyReconciledClustersBeyondTheBound() {
        AnnouncedConditions announced = new AnnouncedConditions();
        for (int i = 0; i <= AnnouncedConditions.MAX_CLUSTERS; i++) {
            announced.remember("ns/c" + i + "/u", PAUSED);
        }
        assertThat(announced.previous("ns/c0/u", STALE)).isEqualTo(STALE);
        assertThat(announced.previous("ns/c1/u", STALE)).isEqualTo(PAUSED);
    }
}
