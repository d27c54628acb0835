package io.cometmq.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.FailoverStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.reconcile.ClusterEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverEventsTest {
    private static final BrokerCluster CLUSTER = BrokerClusters.withSlaves("c", 1, 1);
    private static final String KEY = "ns/c/uid";

    /** Records instead of calling the API server. */
    private static final class Recorded extends ClusterEvents {
        final List<String> events = new ArrayList<>();

        Recorded() {
            super(null, Clock.systemUTC());
        }

        @Override
        public void normal(BrokerCluster cluster, String reason, String message) {
            events.add(reason + ": " + message);
        }
    }

    private static BrokerClusterStatus status(FailoverStatus last) {
        GroupStatus group = new GroupStatus();
        group.setIndex(0);
        group.setLastFailover(last);
        BrokerClusterStatus status = new BrokerClusterStatus();
        status.getGroups().add(group);
        return status;
    }

    private static FailoverStatus failover(int epoch, String to) {
        FailoverStatus failover = new FailoverStatus();
        failover.setTime("2026-12-07T06:00:0" + epoch + "Z");
        failover.setFrom("c-broker-0-master-0");
        failover.setTo(to);
        failover.setEpoch(epoch);
        failover.setReason("master unavailable for 30s: pod not ready");
        failover.setPossibleLossBytes(1234);
        return failover;
    }

    @Test
    void aNewFailoverIsAnnouncedOnceWithFromToEpochAndPossibleLoss() {
        Recorded events = new Recorded();
        FailoverEvents failovers = new FailoverEvents();
        failovers.announce(KEY, CLUSTER, status(null), status(failover(2, "c-broker-0-slave-0")), events);
        assertThat(events.events).containsExactly("MasterPromoted: Group 0: c-broker-0-slave-0 is master under "
                + "controller epoch 2 (was c-broker-0-master-0): master unavailable for 30s: pod not ready; possibly "
                + "lost: 1234 bytes.");

        failovers.announce(KEY, CLUSTER, status(failover(2, "c-broker-0-slave-0")),
                status(failover(2, "c-broker-0-slave-0")), events);
        assertThat(events.events).hasSize(1);

        failovers.announce(KEY, CLUSTER, status(failover(2, "c-broker-0-slave-0")),
                status(failover(3, "c-broker-0-master-0")), events);
        assertThat(events.events).hasSize(2);
        failovers.announce(KEY, CLUSTER, null, status(null), events);
        assertThat(events.events).hasSize(2);
    }
}
