package io.cometmq.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.failover.FailoverPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverPoliciesTest {

    @Test
    void onByDefaultWhenTheGroupHasSlavesWith30s() {
        BrokerSpec sync = BrokerClusters.withSlaves("c", 1, 1).getSpec().getBroker();
        assertThat(FailoverPolicies.of(sync)).isEqualTo(new FailoverPolicy(true, Duration.ofSeconds(30), true));
        BrokerSpec alone = BrokerClusters.minimal("c").getSpec().getBroker();
        assertThat(FailoverPolicies.of(alone)).isEqualTo(new FailoverPolicy(false, Duration.ofSeconds(30), false));
    }

    @Test
    void explicitSettingsWin() {
        BrokerSpec sync = BrokerClusters.withSlaves("c", 1, 1).getSpec().getBroker();
        assertThat(FailoverPolicies.of(sync, false, "2m")).isEqualTo(new FailoverPolicy(false, Duration.ofMinutes(2), true));
        assertThat(FailoverPolicies.of(sync, null, "10s").unavailableFor()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aBadDurationNamesTheField() {
        assertThatThrownBy(() -> FailoverPolicies.duration("30"))
                .hasMessage("spec.broker.failover.unavailableFor must look like 30s or 2m, was '30'");
    }
}
