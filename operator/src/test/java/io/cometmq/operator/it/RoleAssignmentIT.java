package io.cometmq.operator.it;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.crd.ReplicationMode;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.model.RoleConfigMaps;
import io.cometmq.operator.model.SpecChecker;
import io.cometmq.operator.status.Conditions;
import io.cometmq.operator.status.RegistrationSource;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role ConfigMap (who is master of a group) on the mock server: created once, then left to the failover
 * controller, which the test plays by editing it; status and the roll order follow it.
 */
class RoleAssignmentIT {
    private static final String ROLE = "roles-broker-0-role";
    private static final String HOME_MASTER = "roles-broker-0-master-0";
    private static final String SLAVE = "roles-broker-0-slave-0";
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness();
        harness.create(BrokerClusters.withSlaves("roles", 1, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.markAllReady();
        harness.awaitCondition("roles", Conditions.PROGRESSING, "False/" + Conditions.RECONCILED);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theRoleConfigMapIsCreatedOnceOwnedByTheClusterAndMountedInEveryPod() {
        ConfigMap role = roleConfigMap();
        assertThat(RoleConfigMaps.read(role)).isEqualTo(new RoleAssignment(HOME_MASTER, 1, "SYNC_MASTER"));
        assertThat(role.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(harness.get("roles").getMetadata().getUid()));
        assertThat(role.getMetadata().getLabels()).containsEntry(Labels.GROUP, "0")
                .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
        for (String set : new String[] {"roles-broker-0-master", "roles-broker-0-slave"}) {
            PodSpec pod = harness.statefulSet(set).getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).filteredOn(v -> ROLE.equals(v.getConfigMap() == null ? null : v.getConfigMap().getName()))
                    .singleElement().satisfies(v -> assertThat(pod.getContainers().get(0).getVolumeMounts())
                            .anySatisfy(m -> {
                                assertThat(m.getName()).isEqualTo(v.getName());
                                assertThat(m.getMountPath()).isEqualTo("/etc/cometmq/role");
                                assertThat(m.getReadOnly()).isTrue();
                            }));
        }

        BrokerCluster cluster = harness.get("roles");
        assertThat(cluster.getStatus().getMasters()).isEqualTo("0=" + HOME_MASTER);
        assertThat(cluster.getStatus().getGroups().get(0).getMaster()).isEqualTo(HOME_MASTER);
        assertThat(cluster.getStatus().getGroups().get(0).getEpoch()).isEqualTo(1);
    }

    @Test
    void anAssignmentTheFailoverControllerWroteSurvivesReconcilesAndStatusFollowsIt() {
        harness.registered.add(RegistrationSource.key("roles-broker-0", 0));
        harness.registered.add(RegistrationSource.key("roles-broker-0", 1));
        harness.awaitCondition("roles", Conditions.READY, "True/" + Conditions.CLUSTER_READY);

        failOverTo(SLAVE, 2);
        // the slave now registers as master (id 0), the old master as a slave with its own id (5)
        harness.registered.clear();
        harness.registered.add(RegistrationSource.key("roles-broker-0", 0));
        harness.registered.add(RegistrationSource.key("roles-broker-0", 5));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(harness.get("roles").getStatus().getMasters()).isEqualTo("0=" + SLAVE);
            GroupStatus group = harness.get("roles").getStatus().getGroups().get(0);
            assertThat(group.getMaster()).isEqualTo(SLAVE);
            assertThat(group.getEpoch()).isEqualTo(2);
            assertThat(group.isMasterReady()).isTrue();
            assertThat(group.getSlavesReady()).isEqualTo("1/1");
            assertThat(group.getBrokers()).extracting(b -> b.getPod() + "=" + b.getBrokerId() + "/" + b.getRegistered())
                    .containsExactlyInAnyOrder(HOME_MASTER + "=5/true", SLAVE + "=0/true");
        });
        harness.awaitCondition("roles", Conditions.READY, "True/" + Conditions.CLUSTER_READY);

        // spec changes and plain reconciles leave the assignment alone (and roll nothing because of it)
        String version = roleConfigMap().getMetadata().getResourceVersion();
        harness.edit("roles", bc -> bc.getMetadata().setLabels(java.util.Map.of("touched", "yes")));
        harness.edit("roles", bc -> bc.getSpec().getBroker().getConfig().put("sendMessageThreadPoolNums", "8"));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get("roles").getStatus().getObservedGeneration()
                .equals(harness.get("roles").getMetadata().getGeneration()));
        assertThat(roleConfigMap().getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(RoleConfigMaps.read(roleConfigMap())).isEqualTo(new RoleAssignment(SLAVE, 2, "SYNC_MASTER"));
    }

    @Test
    void afterAFailoverTheStatefulSetHoldingTheMasterRollsLast() {
        failOverTo(SLAVE, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> ("0=" + SLAVE).equals(harness.get("roles").getStatus().getMasters()));

        harness.edit("roles", bc -> bc.getSpec().getImages().setBroker("cometmq/broker:v2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "cometmq/broker:v2".equals(image("roles-broker-0-master")));
        harness.awaitCondition("roles", Conditions.PROGRESSING, "True/" + Conditions.WAITING_FOR_SLAVES);
        assertThat(image("roles-broker-0-slave")).isEqualTo("cometmq/broker:test");

        harness.markReady("roles-broker-0-master");
        await().atMost(Duration.ofSeconds(20)).until(() -> "cometmq/broker:v2".equals(image("roles-broker-0-slave")));
    }

    @Test
    void aChangedReplicationModeChangesOnlyTheMasterRole() {
        failOverTo(SLAVE, 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> ("0=" + SLAVE).equals(harness.get("roles").getStatus().getMasters()));

        harness.edit("roles", bc -> bc.getSpec().getBroker().setReplicationMode(ReplicationMode.ASYNC));
        await().atMost(Duration.ofSeconds(20)).until(() -> RoleConfigMaps.read(roleConfigMap()).masterRole().equals("ASYNC_MASTER"));
        assertThat(RoleConfigMaps.read(roleConfigMap())).isEqualTo(new RoleAssignment(SLAVE, 4, "ASYNC_MASTER"));
    }

    @Test
    void fewerSlavesAreRefusedWhileTheMasterIsTheSlaveThatWouldGo() {
        failOverTo(SLAVE, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> ("0=" + SLAVE).equals(harness.get("roles").getStatus().getMasters()));

        harness.edit("roles", bc -> {
            bc.getSpec().getBroker().setReplicationMode(ReplicationMode.ASYNC);
            bc.getSpec().getBroker().setSlavesPerGroup(0);
        });
        harness.awaitCondition("roles", Conditions.DEGRADED, "True/" + SpecChecker.SCALE_DOWN_REMOVES_MASTER);
        assertThat(harness.statefulSet("roles-broker-0-slave").getSpec().getReplicas()).isEqualTo(1);
        assertThat(Conditions.find(harness.get("roles").getStatus().getConditions(), Conditions.DEGRADED).orElseThrow()
                .getMessage()).contains(SLAVE, "cometmq.io/promote=" + HOME_MASTER);
    }

    @Test
    void aDeletedRoleConfigMapIsRecreatedWithTheInitialAssignment() {
        // documented: the ConfigMap is the durable record; deleting it starts the group's history over
        harness.client.configMaps().inNamespace(NS).withName(ROLE).delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.client.configMaps().inNamespace(NS).withName(ROLE).get() != null);
        assertThat(RoleConfigMaps.read(roleConfigMap())).isEqualTo(new RoleAssignment(HOME_MASTER, 1, "SYNC_MASTER"));
    }

    /** What the failover controller does first: write the new assignment. */
    private void failOverTo(String pod, int epoch) {
        harness.client.configMaps().inNamespace(NS).withName(ROLE).edit(cm -> RoleConfigMaps.withAssignment(cm,
                new RoleAssignment(pod, epoch, RoleConfigMaps.read(cm).masterRole())));
    }

    private ConfigMap roleConfigMap() {
        return harness.client.configMaps().inNamespace(NS).withName(ROLE).get();
    }

    private String image(String statefulSet) {
        return harness.statefulSet(statefulSet).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
