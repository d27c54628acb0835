package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodReplacementsTest {

    @Test
    void aNewUidUnderAKnownNameIsAReplacementInOrder() {
        PodReplacements replacements = new PodReplacements();
        Instant t0 = Instant.parse("2026-12-07T04:49:00Z");
        replacements.seen("ha-broker-0-master-0", "m1", t0);
        replacements.seen("ha-broker-0-slave-0", "s1", t0);
        replacements.seen("ha-broker-0-master-0", "m1", t0.plusSeconds(5)); // a status update, same pod
        replacements.seen("ha-broker-0-slave-0", "s2", t0.plusSeconds(52));
        replacements.seen("ha-broker-0-master-0", "m2", t0.plusSeconds(64));
        replacements.seen("ha-broker-0-master-0", "m3", t0.plusSeconds(90));
        assertThat(replacements.firstReplaced("ha-broker-0-slave-0")).contains(t0.plusSeconds(52));
        assertThat(replacements.firstReplaced("ha-broker-0-master-0")).contains(t0.plusSeconds(64));
        assertThat(replacements.firstReplaced("ha-nameserver-0")).isEmpty();
        assertThat(replacements.all()).extracting(PodReplacements.Replacement::newUid).containsExactly("s2", "m2",
                "m3");
    }
}
