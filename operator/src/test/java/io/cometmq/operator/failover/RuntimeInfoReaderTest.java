package io.cometmq.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeInfoReaderTest {

    @Test
    void readsTheFailoverKeysOfASlave() {
        MemberObservation m = RuntimeInfoReader.read("s", "s:10911", true, Map.of("cometmqBrokerRole", "SLAVE",
                "controllerEpoch", "4", "commitLogMaxOffset", "1200", "haMasterConnected", "true",
                "haMasterMaxOffset", "1300", "nofileLimit", "1024"));
        assertThat(m).isEqualTo(new MemberObservation("s", "s:10911", true, true, "SLAVE", 4, 1200, true, 1300, -1));
        assertThat(m.isSlave()).isTrue();
    }

    @Test
    void readsTheAckedOffsetOfAMaster() {
        MemberObservation m = RuntimeInfoReader.read("m", "m:10911", false, Map.of("cometmqBrokerRole", "SYNC_MASTER",
                "controllerEpoch", "2", "commitLogMaxOffset", "1200", "haAckedOffset", "1100"));
        assertThat(m.claimsMaster()).isTrue();
        assertThat(m.haAckedOffset()).isEqualTo(1100);
        assertThat(m.podReady()).isFalse();
    }

    @Test
    void missingOrBadKeysReadAsUnknownNeverAsCaughtUp() {
        MemberObservation m = RuntimeInfoReader.read("s", "s:10911", true, Map.of("commitLogMaxOffset", "12x",
                "haMasterConnected", "yes"));
        assertThat(m.role()).isNull();
        assertThat(m.claimsMaster()).isFalse();
        assertThat(m.isSlave()).isFalse();
        assertThat(m.logEnd()).isEqualTo(-1);
        assertThat(m.haMasterConnected()).isFalse();
        assertThat(m.epoch()).isZero();
    }
}
