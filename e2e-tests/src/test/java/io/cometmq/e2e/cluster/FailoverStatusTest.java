package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverStatusTest {

    private static Map<String, Object> cluster(Object master, Object epoch, List<Map<String, Object>> brokers) {
        Map<String, Object> group0 = new HashMap<>(Map.of("index", 0, "brokers", brokers));
        if (master != null) {
            group0.put("master", master);
        }
        if (epoch != null) {
            group0.put("epoch", epoch);
        }
        return Map.of("status", Map.of("groups", List.of(
                Map.of("index", 1, "master", "fz-broker-1-master-0", "epoch", 9, "brokers", List.of()), group0)));
    }

    private static Map<String, Object> broker(String pod, int brokerId, Boolean registered) {
        Map<String, Object> broker = new HashMap<>(Map.of("pod", pod, "brokerId", brokerId));
        if (registered != null) {
            broker.put("registered", registered);
        }
        return broker;
    }

    @Test
    void afterAFailoverTheSlavePodIsMasterUnderAHigherEpochAndTheOldMasterASlave() {
        Map<String, Object> before = cluster("fz-broker-0-master-0", 1, List.of(
                broker("fz-broker-0-master-0", 0, true), broker("fz-broker-0-slave-0", 1, true)));
        Map<String, Object> after = cluster("fz-broker-0-slave-0", 2, List.of(
                broker("fz-broker-0-master-0", 5, true), broker("fz-broker-0-slave-0", 0, true)));

        assertThat(FailoverStatus.master(before, 0)).contains("fz-broker-0-master-0");
        assertThat(FailoverStatus.epoch(before, 0)).hasValue(1);
        assertThat(FailoverStatus.isRegisteredSlave(before, 0, "fz-broker-0-master-0")).isFalse();
        assertThat(FailoverStatus.otherPods(before, 0, "fz-broker-0-master-0")).containsExactly("fz-broker-0-slave-0");

        assertThat(FailoverStatus.master(after, 0)).contains("fz-broker-0-slave-0");
        assertThat(FailoverStatus.epoch(after, 0)).hasValue(2);
        assertThat(FailoverStatus.isRegisteredSlave(after, 0, "fz-broker-0-master-0")).isTrue();
        assertThat(FailoverStatus.summary(after, 0)).isEqualTo(
                "master=fz-broker-0-slave-0 epoch=2 brokers=fz-broker-0-master-0:5:true,fz-broker-0-slave-0:0:true");
        // another group's fields never leak into group 0
        assertThat(FailoverStatus.master(after, 1)).contains("fz-broker-1-master-0");
    }

    @Test
    void aSlaveThatIsNotRegisteredOrUnknownDoesNotCountAndAbsentFieldsAreEmpty() {
        Map<String, Object> rejoining = cluster(null, null, List.of(broker("fz-broker-0-master-0", 5, false),
                broker("fz-broker-0-slave-0", 0, null)));
        assertThat(FailoverStatus.isRegisteredSlave(rejoining, 0, "fz-broker-0-master-0")).isFalse();
        assertThat(FailoverStatus.isRegisteredSlave(rejoining, 0, "fz-broker-0-slave-0")).isFalse();
        assertThat(FailoverStatus.isRegisteredSlave(rejoining, 0, "fz-broker-0-nobody")).isFalse();
        assertThat(FailoverStatus.master(rejoining, 0)).isEmpty();
        assertThat(FailoverStatus.epoch(rejoining, 0)).isEmpty();
        assertThat(FailoverStatus.summary(rejoining, 0)).isEqualTo(
                "master=- epoch=- brokers=fz-broker-0-master-0:5:false,fz-broker-0-slave-0:0:?");
        assertThat(FailoverStatus.master(Map.of("metadata", Map.of()), 0)).isEmpty();
        assertThat(FailoverStatus.summary(Map.of(), 3)).isEqualTo("master=- epoch=- brokers=");
    }
}
