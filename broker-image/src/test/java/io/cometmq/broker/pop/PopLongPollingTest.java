package io.cometmq.broker.pop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PopLongPollingTest {

    private final List<String> answers = new ArrayList<>();
    private final PopLongPolling polling = new PopLongPolling(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
            Runnable::run, 2, 3);

    private PopLongPolling.Parked parked(String name, String topic, int queueId) {
        return new PopLongPolling.Parked(name.substring(0, 1) + "@" + queueId, topic,
                Set.of(topic, "%RETRY%g_" + topic), queueId, 1_000, () -> answers.add(name + ":retry"),
                () -> answers.add(name + ":expired"));
    }

    @Test
    void anArrivalInTheTopicOrItsRetryTopicRunsTheParkedRequestOnce() {
        assertThat(polling.park(parked("a", "T", -1), polling.arrivalMark(Set.of("T")))).isTrue();
        assertThat(polling.park(parked("b", "T", 1), polling.arrivalMark(Set.of("T")))).isTrue();
        polling.onArrival("T", 0, 5, 0); // queue 0: wakes the pop of all queues, not the one of queue 1
        assertThat(answers).containsExactly("a:retry");
        polling.onArrival("%RETRY%g_T", 0, 0, 0); // the retry topic has one queue: any arrival counts
        polling.onArrival("%RETRY%g_T", 0, 1, 0);
        assertThat(answers).containsExactly("a:retry", "b:retry");
        assertThat(polling.parkedCount()).isZero();
    }

    @Test
    void anArrivalBetweenTheEmptyReadAndTheParkingIsNotMissed() {
        long mark = polling.arrivalMark(Set.of("T", "%RETRY%g_T"));
        polling.onArrival("T", 0, 0, 0);
        assertThat(polling.park(parked("a", "T", -1), mark)).isTrue();
        assertThat(answers).containsExactly("a:retry");
    }

    @Test
    void beyondTheLimitsAPopIsRefusedAndReleaseAllExpiresTheRest() {
        assertThat(polling.park(parked("a1", "T", 0), 0)).isTrue();
        assertThat(polling.park(parked("a2", "T", 0), 0)).isTrue();
        assertThat(polling.park(parked("a3", "T", 0), 0)).as("per key").isFalse();
        assertThat(polling.park(parked("b1", "U", 0), 0)).isTrue();
        assertThat(polling.park(parked("c1", "V", 0), 0)).as("in all").isFalse();
        polling.wake("U");
        assertThat(answers).containsExactly("b1:retry");
        polling.releaseAll();
        assertThat(answers).containsExactlyInAnyOrder("b1:retry", "a1:expired", "a2:expired");
    }
}
