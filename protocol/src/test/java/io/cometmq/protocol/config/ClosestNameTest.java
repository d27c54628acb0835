package io.cometmq.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {
    private static final List<String> KNOWN = List.of("flushDiskType", "listenPort", "haListenPort", "brokerId");

    @Test
    void findsTheNearestNameWithinATypo() {
        assertThat(ClosestName.find("flushDiskTyp", KNOWN)).contains("flushDiskType");
        assertThat(ClosestName.find("listenport", KNOWN)).contains("listenPort");
        assertThat(ClosestName.find("haListnePort", KNOWN)).contains("haListenPort");
        assertThat(ClosestName.find("brokerid", KNOWN)).contains("brokerId");
    }

    @Test
    void suggestsNothingForUnrelatedNames() {
        assertThat(ClosestName.find("retentionHours", KNOWN)).isEmpty();
        assertThat(ClosestName.find("x", KNOWN)).isEmpty();
    }

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ClosestName.distance("", "abc")).isEqualTo(3);
        assertThat(ClosestName.distance("same", "same")).isZero();
    }
}
