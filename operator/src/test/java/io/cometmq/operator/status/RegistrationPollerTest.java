package io.cometmq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistrationPollerTest {
    @Test
    void firstNameServerThatAnswersWins() {
        RegistrationPoller poller = new RegistrationPoller(address -> {
            if (address.startsWith("down")) {
                throw new IOException("connection refused");
            }
            return Set.of(RegistrationSource.key("c-broker-0", 0));
        });
        assertThat(poller.poll(List.of("down:9876", "up:9876"))).contains(Set.of("c-broker-0/0"));
    }

    @Test
    void noSourceMeansUnknownNotUnregistered() {
        assertThat(new RegistrationPoller(RegistrationSource.UNAVAILABLE).poll(List.of("a:9876"))).isEmpty();
    }
}
