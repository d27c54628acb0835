package io.cometmq.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.failover.GroupControl;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterProbesTest {
    static ClusterProbe with(GroupControl control) {
        return new ClusterProbe(Optional.empty(), Map.of(), Map.of(), Map.of(0, control));
    }

    @Test
    void aSuspectMasterOrAProblemMakesTheProbeFast() {
        GroupControl healthy = new GroupControl("m", 1, 10L, List.of("s"), null, null, null, null);
        assertThat(ClusterProbes.failoverBusy(ClusterProbe.NONE)).isFalse();
        assertThat(ClusterProbes.failoverBusy(with(healthy))).isFalse();
        assertThat(ClusterProbes.failoverBusy(with(new GroupControl("m", 1, 10L, List.of(), Instant.EPOCH,
                "pod is not ready", null, null)))).isTrue();
        assertThat(ClusterProbes.failoverBusy(with(new GroupControl("m", 1, 10L, List.of(), null, null, null,
                "switchover refused")))).isTrue();
    }
}
