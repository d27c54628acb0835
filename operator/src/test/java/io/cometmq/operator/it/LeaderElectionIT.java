package io.cometmq.operator.it;

import static io.cometmq.operator.it.OperatorHarness.LEASE_TIMINGS;
import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.it.OperatorHarness.Instance;
import io.cometmq.operator.it.OperatorHarness.Mode;
import io.cometmq.operator.it.rbac.ApiRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator processes (each its own JOSDK Operator and fabric8 client) against one API server: one leads and
 * reconciles, the other waits; when the leader stops, or can no longer renew, the other takes over within the
 * lease duration and reconciles what was created in between.
 *
 * <p>What the fabric8 mock server (CRUD mode) cannot prove: it stores the Lease like any object but does not
 * reject a merge patch that carries a stale resourceVersion with 409 the way kube-apiserver does, so two standbys
 * racing for an expired lease are not covered here (with one standby there is no race). Lease expiry itself is
 * decided by the replicas from renewTime + leaseDurationSeconds, which the mock stores faithfully.
 */
class LeaderElectionIT {
    /** Takeover needs the lease to expire; the rest is polling and a loaded test machine. */
    private static final Duration TAKEOVER = LEASE_TIMINGS.leaseDuration().plusSeconds(12);
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = OperatorHarness.withoutOperator();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void standbyTakesOverWhenTheLeaderStops() {
        List<Instance> pair = leaderAndStandby(false);
        Instance leader = pair.get(0);
        Instance standby = pair.get(1);
        reconciledBy(leader, standby, "before");
        assertWritesNothing(standby);

        // the leader keeps renewing while it runs
        Lease first = harness.lease();
        assertThat(first.getSpec().getLeaseDurationSeconds()).isEqualTo((int) LEASE_TIMINGS.leaseDuration().toSeconds());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                harness.lease().getSpec().getRenewTime().isAfter(first.getSpec().getRenewTime()));
        assertThat(harness.lease().getSpec().getHolderIdentity()).isEqualTo(leader.identity);

        leader.stop(); // like SIGTERM: the lease is not released, so the standby waits for it to expire
        ZonedDateTime lastRenewal = harness.lease().getSpec().getRenewTime();
        await().atMost(TAKEOVER).until(() -> standby.identity.equals(harness.lease().getSpec().getHolderIdentity()));
        Lease taken = harness.lease();
        assertThat(taken.getSpec().getAcquireTime()).as("taken over only after the lease expired")
                .isAfter(lastRenewal.plusSeconds(taken.getSpec().getLeaseDurationSeconds()));
        assertThat(taken.getSpec().getLeaseTransitions()).isEqualTo(1);
        assertThat(standby.startedLeading).hasValue(1);

        reconciledBy(standby, leader, "after");
    }

    @Test
    void standbyTakesOverWhenTheLeaderCannotRenew() {
        List<Instance> pair = leaderAndStandby(true);
        Instance leader = pair.get(0);
        Instance standby = pair.get(1);
        reconciledBy(leader, standby, "before");
        assertWritesNothing(standby);

        // the leader's connection to the API server is cut: no new request gets through, so it cannot renew, read or
        // write (its open watch streams still deliver events, so it keeps trying to reconcile, in vain)
        leader.recorder.cut(request -> true);
        await().atMost(TAKEOVER).until(() -> standby.identity.equals(harness.lease().getSpec().getHolderIdentity()));
        assertThat(standby.startedLeading).hasValue(1);
        // past its renew deadline the old leader gives up leading: in production JOSDK exits the process there
        await().atMost(TAKEOVER).untilAsserted(() -> assertThat(leader.stoppedLeading).hasValue(1));

        reconciledBy(standby, leader, "after");
    }

    /** Starts two replicas at once and returns them as [leader, standby], once one of them leads. */
    private List<Instance> leaderAndStandby(boolean failFast) {
        Instance a = harness.startOperator(Mode.ALL_NAMESPACES, "operator-a", failFast);
        Instance b = harness.startOperator(Mode.ALL_NAMESPACES, "operator-b", failFast);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.lease() != null
                && Set.of(a.identity, b.identity).contains(harness.lease().getSpec().getHolderIdentity()));
        Instance leader = a.identity.equals(harness.lease().getSpec().getHolderIdentity()) ? a : b;
        Instance standby = leader == a ? b : a;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(leader.startedLeading).hasValue(1));
        assertThat(standby.startedLeading).hasValue(0);
        // the standby keeps its informers running, so that it can take over with a warm cache
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(standby.recorder.requests())
                .contains(new ApiRequest("watch", "cometmq.io", "brokerclusters", null, null, null, null)));
        return List.of(leader, standby);
    }

    /** Nothing but the Lease and JOSDK's access review: a standby does not touch the clusters. */
    private static void assertWritesNothing(Instance standby) {
        assertThat(standby.recorder.requests()).filteredOn(r -> !r.nonResource()
                        && Set.of("create", "update", "patch", "delete", "deletecollection").contains(r.verb()))
                .allSatisfy(r -> assertThat(r.resource()).isIn("leases", "selfsubjectrulesreviews"));
    }

    /** A cluster created now gets its objects and status from {@code active}; {@code idle} writes no status. */
    private void reconciledBy(Instance active, Instance idle, String cluster) {
        harness.create(BrokerClusters.minimal(cluster));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get(cluster).getStatus() != null
                && harness.statefulSet(cluster + "-nameserver") != null);
        ApiRequest statusPatch = new ApiRequest("patch", "cometmq.io", "brokerclusters", "status", NS, cluster, null);
        ApiRequest nameServerCreate = new ApiRequest("create", "apps", "statefulsets", null, NS, null, null);
        assertThat(active.recorder.requests()).contains(statusPatch, nameServerCreate);
        assertThat(idle.recorder.requests()).doesNotContain(statusPatch);
    }
}
