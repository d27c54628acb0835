package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WriteOutageTest {

    @Test
    void theLongestGapBetweenAcknowledgementsIsTheOutage() {
        TreeMap<Long, Integer> acks = new TreeMap<>();
        acks.put(1_000L, 0);
        acks.put(1_050L, 1);
        acks.put(1_100L, 2);
        acks.put(31_400L, 60); // first SEND_OK on the new master
        acks.put(31_450L, 61);
        acks.put(41_450L, 80); // a shorter second pause

        WriteOutage outage = WriteOutage.longest(acks).orElseThrow();

        assertThat(outage).isEqualTo(new WriteOutage(1_100L, 31_400L));
        assertThat(outage.length()).isEqualTo(Duration.ofMillis(30_300));
    }

    @Test
    void fewerThanTwoAcknowledgementsHaveNoGap() {
        TreeMap<Long, Integer> acks = new TreeMap<>();
        assertThat(WriteOutage.longest(acks)).isEmpty();
        acks.put(5L, 0);
        assertThat(WriteOutage.longest(acks)).isEmpty();
    }
}
