package io.cometmq.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    @Test
    void rateWithFewerThanTwoSamplesIsZero() {
        RateWindow window = new RateWindow(10);
        assertThat(window.perSecond(10_000)).isZero();
        window.record(1_000, 50);
        assertThat(window.perSecond(10_000)).isZero();
    }

    @Test
    void eachWindowStartsFromTheSampleThatOld() {
        RateWindow window = new RateWindow(601);
        // 10 msg/s for the first 540 s, then 100 msg/s for the last 60 s
        long total = 0;
        for (int second = 0; second <= 600; second++) {
            window.record(second * 1000L, total);
            total += second < 540 ? 10 : 100;
        }
        assertThat(window.perSecond(10_000)).isCloseTo(100, within(0.001));
        assertThat(window.perSecond(60_000)).isCloseTo(100, within(0.001));
        assertThat(window.perSecond(600_000)).isCloseTo((540 * 10 + 60 * 100) / 600.0, within(0.001));
    }

    @Test
    void windowLongerThanTheHistoryUsesTheOldestSample() {
        RateWindow window = new RateWindow(601);
        window.record(0, 0);
        window.record(2_000, 30);
        assertThat(window.perSecond(600_000)).isCloseTo(15, within(0.001));
    }

    @Test
    void oldSamplesAreOverwrittenWhenFull() {
        RateWindow window = new RateWindow(3);
        window.record(0, 0);
        window.record(1_000, 1000);  // a burst that falls out of the history
        window.record(2_000, 1001);
        window.record(3_000, 1002);
        assertThat(window.perSecond(600_000)).isCloseTo(1, within(0.001));
    }

    @Test
    void counterGoingDownCountsAsNoProgress() {
        RateWindow window = new RateWindow(5);
        window.record(0, 100);
        window.record(1_000, 20);
        assertThat(window.perSecond(10_000)).isZero();
    }

    @Test
    void capacityBelowTwoIsRejected() {
        assertThatThrownBy(() -> new RateWindow(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2");
    }
}
