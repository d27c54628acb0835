package io.cometmq.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.failover.FailoverRecord;
import io.cometmq.operator.failover.GroupControl;
import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.NameServerModel;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.probe.ClusterProbe;
import io.cometmq.operator.reconcile.ObservedState;
import io.cometmq.operator.reconcile.ReconcileReport;
import io.cometmq.operator.reconcile.StorageExpansion;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The failover part of status: master and epoch from the role ConfigMap, the rest from the failover controller. */
class StatusBuilderFailoverTest {
    static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    static final BrokerCluster CLUSTER = BrokerClusters.withSlaves("c", 2, 1);
    static final Names NAMES = new Names("c", BrokerClusters.NAMESPACE, Names.DEFAULT_CLUSTER_DOMAIN);
    static final String MASTER_0 = "c-broker-0-master-0";
    static final String SLAVE_0 = "c-broker-0-slave-0";

    /** Every StatefulSet of both groups with all pods ready. */
    static ObservedState allReady() {
        List<StatefulSet> sets = new ArrayList<>(List.of(new NameServerModel(CLUSTER, NAMES).statefulSet()));
        for (int g = 0; g < 2; g++) {
            for (BrokerRole role : BrokerRole.values()) {
                sets.add(new BrokerGroupModel(CLUSTER, NAMES, g).statefulSet(role));
            }
        }
        for (StatefulSet set : sets) {
            int replicas = set.getSpec().getReplicas();
            set.getMetadata().setGeneration(1L);
            set.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
                    .withUpdatedReplicas(replicas).withObservedGeneration(1L).build());
        }
        return ObservedState.from(sets);
    }

    static ConfigMap role(int group, RoleAssignment assignment) {
        return new BrokerGroupModel(CLUSTER, NAMES, group).roleConfigMap(assignment);
    }

    static Pod pod(String name, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    static BrokerClusterStatus build(ClusterProbe probe, Mastership mastership) {
        ReconcileReport report = new ReconcileReport(allReady(), false, List.of(), Set.of(), Set.of(), Map.of(),
                StorageExpansion.Result.NONE);
        return StatusBuilder.build(CLUSTER, NAMES, report, probe, List.of(), mastership, NOW);
    }

    static ClusterProbe probe(Set<String> registered, Map<Integer, GroupControl> control) {
        return new ClusterProbe(Optional.of(registered), Map.of(), Map.of(), control);
    }

    @Test
    void afterAFailoverTheSlaveIsMasterWithBrokerIdZeroAndTheOldMasterKeepsItsSlaveId() {
        Mastership mastership = Mastership.from(NAMES, List.of(role(0, new RoleAssignment(SLAVE_0, 2, "SYNC_MASTER")),
                role(1, new RoleAssignment("c-broker-1-master-0", 1, "SYNC_MASTER"))),
                List.of(pod(SLAVE_0, true), pod(MASTER_0, false)));
        BrokerClusterStatus status = build(probe(Set.of("c-broker-0/0", "c-broker-1/0", "c-broker-1/1"), Map.of()),
                mastership);

        assertThat(status.getMasters()).isEqualTo("0=" + SLAVE_0 + ",1=c-broker-1-master-0");
        GroupStatus group = status.getGroups().get(0);
        assertThat(group.getMaster()).isEqualTo(SLAVE_0);
        assertThat(group.getEpoch()).isEqualTo(2);
        assertThat(group.isMasterReady()).isTrue();
        // the old master's pod is not ready: the group waits for it, as it would for any slave
        assertThat(group.getSlavesReady()).isEqualTo("0/1");
        assertThat(group.getBrokers()).extracting(b -> b.getPod() + "=" + b.getBrokerId() + "/" + b.getRegistered())
                .containsExactly(MASTER_0 + "=5/false", SLAVE_0 + "=0/true");
        assertThat(Conditions.find(status.getConditions(), Conditions.READY).orElseThrow().getMessage())
                .contains("c-broker-0").doesNotContain("c-broker-1");
        assertThat(status.getGroups().get(1).getSlavesReady()).isEqualTo("1/1");
    }

    @Test
    void aNotReadyMasterPodMakesTheGroupNotReadyWhereverItLives() {
        Mastership mastership = Mastership.from(NAMES, List.of(role(0, new RoleAssignment(SLAVE_0, 2, "SYNC_MASTER"))),
                List.of(pod(SLAVE_0, false), pod(MASTER_0, true)));
        GroupStatus group = build(probe(Set.of(), Map.of()), mastership).getGroups().get(0);
        assertThat(group.isMasterReady()).isFalse();
        assertThat(group.getSlavesReady()).isEqualTo("1/1");
    }

    @Test
    void theFailoverControllersViewIsShownAndABlockedFailoverDegradesTheCluster() {
        FailoverRecord record = new FailoverRecord(Instant.parse("2026-12-07T05:59:00Z"), "c-broker-1-master-0",
                "c-broker-1-slave-0", 2, "master unavailable for 30s: pod not ready", 0);
        GroupControl blocked = new GroupControl(MASTER_0, 1, 4096L, List.of(), Instant.parse("2026-12-07T05:58:00Z"),
                "pod not ready", null, "no slave in the in-sync set answers");
        GroupControl done = new GroupControl("c-broker-1-slave-0", 2, 8192L, List.of("c-broker-1-master-0"), null, null,
                record, null);
        BrokerClusterStatus status = build(probe(Set.of(), Map.of(0, blocked, 1, done)), Mastership.NONE);

        GroupStatus zero = status.getGroups().get(0);
        assertThat(zero.getMasterUnavailableSince()).isEqualTo("2026-12-07T05:58:00Z");
        assertThat(zero.getConfirmedOffset()).isEqualTo(4096L);
        assertThat(zero.getInSync()).isNull();
        assertThat(zero.getFailoverProblem()).isEqualTo("no slave in the in-sync set answers");
        GroupStatus one = status.getGroups().get(1);
        // no role ConfigMap in the cache: master and epoch as the controller reported them
        assertThat(one.getMaster()).isEqualTo("c-broker-1-slave-0");
        assertThat(one.getEpoch()).isEqualTo(2);
        assertThat(one.getInSync()).containsExactly("c-broker-1-master-0");
        assertThat(one.getLastFailover()).satisfies(f -> {
            assertThat(f.getFrom()).isEqualTo("c-broker-1-master-0");
            assertThat(f.getTo()).isEqualTo("c-broker-1-slave-0");
            assertThat(f.getEpoch()).isEqualTo(2);
            assertThat(f.getTime()).isEqualTo("2026-12-07T05:59:00Z");
            assertThat(f.getReason()).contains("pod not ready");
        });

        var degraded = Conditions.find(status.getConditions(), Conditions.DEGRADED).orElseThrow();
        assertThat(degraded.getStatus()).isEqualTo("True");
        assertThat(degraded.getReason()).isEqualTo(Conditions.FAILOVER_BLOCKED);
        assertThat(degraded.getMessage()).isEqualTo("Group 0: no slave in the in-sync set answers");
    }

    @Test
    void theRoleConfigMapWinsOverTheControllersReportAndAnUnreadableOneIsReported() {
        GroupControl stale = new GroupControl(MASTER_0, 1, null, List.of(), null, null, null, null);
        ConfigMap broken = role(1, new RoleAssignment("c-broker-1-master-0", 1, "SYNC_MASTER"));
        broken.getData().put("role.properties", "master=x\nepoch=zero\nmasterRole=SYNC_MASTER\n");
        Mastership mastership = Mastership.from(NAMES,
                List.of(role(0, new RoleAssignment(SLAVE_0, 3, "SYNC_MASTER")), broken), List.of());
        BrokerClusterStatus status = build(probe(Set.of(), Map.of(0, stale)), mastership);

        assertThat(status.getGroups().get(0).getMaster()).isEqualTo(SLAVE_0);
        assertThat(status.getGroups().get(0).getEpoch()).isEqualTo(3);
        assertThat(status.getGroups().get(1).getMaster()).isNull();
        var degraded = Conditions.find(status.getConditions(), Conditions.DEGRADED).orElseThrow();
        assertThat(degraded.getReason()).isEqualTo(Conditions.ROLE_ASSIGNMENT_INVALID);
        assertThat(degraded.getMessage()).contains("c-broker-1-role", "epoch", "zero");
    }

    @Test
    void beforeAnyRoleIsKnownTheMasterStatefulSetsPodCountsAsMasterAndNoMastersAreShown() {
        BrokerClusterStatus status = build(probe(Set.of("c-broker-0/0", "c-broker-0/1"), Map.of()), Mastership.NONE);
        assertThat(status.getMasters()).isNull();
        GroupStatus group = status.getGroups().get(0);
        assertThat(group.getMaster()).isNull();
        assertThat(group.isMasterReady()).isTrue();
        assertThat(group.getBrokers()).extracting(b -> b.getPod() + "=" + b.getBrokerId() + "/" + b.getRegistered())
                .containsExactly(MASTER_0 + "=0/true", SLAVE_0 + "=1/true");
    }
}
