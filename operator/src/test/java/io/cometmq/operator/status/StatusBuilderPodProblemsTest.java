package io.cometmq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SpecProblem;
import io.cometmq.operator.reconcile.ObservedState;
import io.cometmq.operator.probe.ClusterProbe;
import io.cometmq.operator.reconcile.ReconcileReport;
import io.cometmq.operator.reconcile.StorageExpansion;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Where pod problems rank in the Degraded condition. */
class StatusBuilderPodProblemsTest {
    static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    static final BrokerCluster CLUSTER = BrokerClusters.minimal("c");
    static final Names NAMES = new Names("c", BrokerClusters.NAMESPACE, Names.DEFAULT_CLUSTER_DOMAIN);
    static final ObservedState NOTHING = ObservedState.from(List.of());
    static final PodProblem CRASH = new PodProblem(PodHealth.CRASH_LOOPING, "c-broker-0-master-0", "Pod c-broker-0-master-0 crashes.");

    @Test
    void podProblemsMakeTheClusterDegraded() {
        BrokerClusterStatus status = build(applied(Set.of()), List.of(CRASH));
        assertThat(degraded(status).getStatus()).isEqualTo("True");
        assertThat(degraded(status).getReason()).isEqualTo(PodHealth.CRASH_LOOPING);
        assertThat(degraded(status).getMessage()).isEqualTo("Pod c-broker-0-master-0 crashes.");
        assertThat(status.getPhase()).isEqualTo("Degraded");
    }

    @Test
    void specProblemsComeFirstAndPodProblemsBeforeARefusedScaleDown() {
        ReconcileReport invalid = ReconcileReport.invalid(NOTHING, List.of(new SpecProblem("ReservedConfigKey", "No.")));
        assertThat(degraded(build(invalid, List.of(CRASH))).getReason()).isEqualTo("ReservedConfigKey");
        assertThat(degraded(build(applied(Set.of(1)), List.of(CRASH))).getReason()).isEqualTo(PodHealth.CRASH_LOOPING);
        assertThat(degraded(build(applied(Set.of(1)), List.of())).getReason()).isEqualTo(Conditions.SCALE_DOWN_REFUSED);
    }

    @Test
    void theMessageSpellsOutThreeProblemsAndCountsTheRest() {
        List<PodProblem> many = IntStream.range(0, 5)
                .mapToObj(i -> new PodProblem(PodHealth.NOT_READY, "p" + i, "Pod p" + i + " is not ready.")).toList();
        assertThat(degraded(build(applied(Set.of()), many)).getMessage())
                .isEqualTo("Pod p0 is not ready. Pod p1 is not ready. Pod p2 is not ready. (and 2 more)");
    }

    private static ReconcileReport applied(Set<Integer> refusedGroups) {
        return new ReconcileReport(NOTHING, false, List.of(), Set.of(), refusedGroups, Map.of(), StorageExpansion.Result.NONE);
    }

    private static BrokerClusterStatus build(ReconcileReport report, List<PodProblem> pods) {
        return StatusBuilder.build(CLUSTER, NAMES, report, ClusterProbe.NONE, pods, Mastership.NONE, NOW);
    }

    private static Condition degraded(BrokerClusterStatus status) {
        return Conditions.find(status.getConditions(), Conditions.DEGRADED).orElseThrow();
    }
}
