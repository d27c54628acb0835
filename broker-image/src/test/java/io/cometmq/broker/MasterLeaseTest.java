package io.cometmq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.broker.store.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MasterLeaseTest {

    private final MutableClock clock = new MutableClock(1_000_000);
    private final MasterLease lease = new MasterLease(clock, 10_000);

    @Test
    void unconfirmedUntilTheFirstConfirmation() {
        assertThat(lease.valid()).isFalse();
        assertThat(lease.unconfirmedForMillis()).isEqualTo(-1);
    }

    @Test
    void validForTheLeaseCountedFromWhenTheRoundWasSent() {
        long sent = lease.roundStarted();
        clock.advance(Duration.ofMillis(3_000)); // the answer took 3 s
        lease.confirm(sent);
        clock.advance(Duration.ofMillis(6_999));
        assertThat(lease.valid()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(lease.valid()).isFalse();
        assertThat(lease.unconfirmedForMillis()).isEqualTo(10_000);
    }

    @Test
    void aLateAnswerToAnOlderRoundDoesNotMoveTheConfirmationBack() {
        long older = lease.roundStarted();
        clock.advance(Duration.ofMillis(2_500));
        long newer = lease.roundStarted();
        lease.confirm(newer);
        lease.confirm(older);
        clock.advance(Duration.ofMillis(9_000));
        assertThat(lease.valid()).isTrue();
    }

    @Test
    void resetForgetsEveryConfirmation() {
        lease.confirm(clock.millis());
        lease.reset();
        assertThat(lease.valid()).isFalse();
    }
}
