package io.cometmq.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.crd.FailoverSpec;
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
    void theSpecWins() {
        BrokerSpec sync = BrokerClusters.withSlaves("c", 1, 1).getSpec().getBroker();
        FailoverSpec failover = new FailoverSpec();
        failover.setEnabled(false);
        failover.setUnavailableFor("2m");
        sync.setFailover(failover);
        assertThat(FailoverPolicies.of(sync)).isEqualTo(new FailoverPolicy(false, Duration.ofMinutes(2), true));
    }

    @Test
    void aBadDurationNamesTheField() {
        BrokerSpec sync = BrokerClusters.withSlaves("c", 1, 1).getSpec().getBroker();
        FailoverSpec failover = new FailoverSpec();
        failover.setUnavailableFor("30");
        sync.setFailover(failover);
        assertThatThrownBy(() -> FailoverPolicies.of(sync)).hasMessageContaining("spec.broker.failover.unavailableFor");
    }
}
