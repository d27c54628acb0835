package io.cometmq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> events = new ArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle();

    private void add(String name) {
        lifecycle.start(name, () -> events.add("start " + name), () -> events.add("stop " + name));
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        add("store");
        lifecycle.onClose("server", () -> events.add("stop server"));
        add("registration");

        lifecycle.close();

        assertThat(events).containsExactly("start store", "start registration", "stop registration",
                "stop server", "stop store");
    }

    @Test
    void aFailedStartStopsWhatItReachedAndNothingAfter() {
        add("store");
        assertThatThrownBy(() -> lifecycle.start("server", () -> {
            throw new IllegalStateException("cannot listen");
        }, () -> events.add("stop server"))).hasMessage("cannot listen");

        lifecycle.close();

        assertThat(events).containsExactly("start store", "stop server", "stop store");
    }

    @Test
    void aFailingStopDoesNotKeepTheOthersRunning() {
        add("store");
        lifecycle.onClose("server", () -> {
            throw new IllegalStateException("stuck");
        });
        add("registration");

        lifecycle.close();

        assertThat(events).containsExactly("start store", "start registration", "stop registration", "stop store");
    }

    @Test
    void closingTwiceStopsOnce() {
        add("store");

        lifecycle.close();
        lifecycle.close();

        assertThat(events).containsExactly("start store", "stop store");
    }
}
