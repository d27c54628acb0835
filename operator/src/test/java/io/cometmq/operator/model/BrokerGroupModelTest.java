package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.AntiAffinityMode;
import io.cometmq.operator.crd.BrokerCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BrokerGroupModelTest {
    private static final Names NAMES = new Names("demo", BrokerClusters.NAMESPACE, "cluster.local");

    private static StatefulSet set(BrokerCluster cluster, int group, BrokerRole role) {
        return new BrokerGroupModel(cluster, NAMES, group).statefulSet(role);
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    @Test
    void masterHasOneReplicaAndBrokerIdBaseFiveSlavesStartAtOne() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 2, 2);
        StatefulSet master = set(cluster, 1, BrokerRole.MASTER);
        StatefulSet slave = set(cluster, 1, BrokerRole.SLAVE);

        assertThat(master.getMetadata().getName()).isEqualTo("demo-broker-1-master");
        assertThat(master.getSpec().getReplicas()).isEqualTo(1);
        assertThat(slave.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(master.getSpec().getTemplate().getSpec().getContainers().get(0)).get("COMETMQ_BROKER_ID_BASE").getValue()).isEqualTo("5");
        assertThat(env(slave.getSpec().getTemplate().getSpec().getContainers().get(0)).get("COMETMQ_BROKER_ID_BASE").getValue()).isEqualTo("1");
        assertThat(slave.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("--config", "/etc/cometmq/slave.conf");
        assertThat(BrokerRole.SLAVE.brokerId(1)).isEqualTo(2);
    }

    @Test
    void brokerContainerAdvertisesItsStableDnsNameAndGetsTheNofileTarget() {
        Container broker = set(BrokerClusters.minimal("demo"), 0, BrokerRole.MASTER).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        Map<String, EnvVar> env = env(broker);
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env.get("COMETMQ_ADVERTISED_HOST").getValue())
                .isEqualTo("$(POD_NAME).demo-broker-0-master.cometmq-test.svc.cluster.local");
        assertThat(env.get("COMETMQ_NOFILE_TARGET").getValue()).isEqualTo("655350");
        assertThat(broker.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("remoting:10911", "ha:10912", "metrics:5557", "grpc:8081");
    }

    @Test
    void probesAreTcpOnTheRemotingPortAndGraceCoversUnregistration() {
        PodSpec pod = set(BrokerClusters.minimal("demo"), 0, BrokerRole.MASTER).getSpec().getTemplate().getSpec();
        Container broker = pod.getContainers().get(0);
        assertThat(broker.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(10911);
        assertThat(broker.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(10911);
        assertThat(broker.getStartupProbe().getFailureThreshold()).isGreaterThanOrEqualTo(30);
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(120L);
    }

    @Test
    void sysctlInitContainerIsPrivilegedAndWritesOnlyWhenDifferent() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        cluster.getSpec().getTuning().getSysctls().getValues().put("vm.swappiness", "1");
        Container init = set(cluster, 0, BrokerRole.MASTER).getSpec().getTemplate().getSpec().getInitContainers().get(0);

        assertThat(init.getName()).isEqualTo("sysctl");
        assertThat(init.getSecurityContext().getPrivileged()).isTrue();
        assertThat(init.getImage()).isEqualTo("cometmq/broker:test");
        String script = init.getCommand().get(2);
        assertThat(script)
                .contains("set_if_different vm.max_map_count /proc/sys/vm/max_map_count '655360'")
                .contains("set_if_different vm.overcommit_memory /proc/sys/vm/overcommit_memory '1'")
                .contains("set_if_different vm.swappiness /proc/sys/vm/swappiness '1'")
                .contains("if [ \"$current\" = \"$3\" ]");
    }

    @Test
    void disabledTuningMeansNoInitContainer() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        cluster.getSpec().getTuning().getSysctls().setEnabled(false);
        assertThat(set(cluster, 0, BrokerRole.MASTER).getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
    }

    @Test
    void persistentStorageUsesVolumeClaimTemplatesEphemeralUsesEmptyDir() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        cluster.getSpec().getBroker().getStorage().setSize("50Gi");
        cluster.getSpec().getBroker().getStorage().setStorageClassName("fast");
        StatefulSet persistent = set(cluster, 0, BrokerRole.MASTER);
        assertThat(persistent.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("store");
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
            assertThat(claim.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("50Gi"));
        });
        assertThat(persistent.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getName())
                .containsExactly("config", "role");

        cluster.getSpec().getBroker().getStorage().setEphemeral(true);
        StatefulSet ephemeral = set(cluster, 0, BrokerRole.MASTER);
        assertThat(ephemeral.getSpec().getVolumeClaimTemplates()).isEmpty();
        assertThat(ephemeral.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("store")).singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("50Gi")));
    }

    @Test
    void antiAffinityIsPreferredAcrossNodesByDefaultAndCanBeRequiredOrOff() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        var preferred = set(cluster, 0, BrokerRole.SLAVE).getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
        assertThat(preferred.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .containsEntry(Labels.GROUP, "0").containsEntry(Labels.INSTANCE, "demo").doesNotContainKey(Labels.ROLE);
        });

        cluster.getSpec().getScheduling().setAntiAffinity(AntiAffinityMode.required);
        assertThat(set(cluster, 0, BrokerRole.SLAVE).getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);

        cluster.getSpec().getScheduling().setAntiAffinity(AntiAffinityMode.none);
        assertThat(set(cluster, 0, BrokerRole.SLAVE).getSpec().getTemplate().getSpec().getAffinity()).isNull();
    }

    @Test
    void configChangeChangesThePodTemplateHash() {
        BrokerCluster cluster = BrokerClusters.minimal("demo");
        String before = set(cluster, 0, BrokerRole.MASTER).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Annotations.CONFIG_HASH);
        cluster.getSpec().getBroker().getConfig().put("maxMessageSize", "1048576");
        assertThat(set(cluster, 0, BrokerRole.MASTER).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Annotations.CONFIG_HASH)).isNotEqualTo(before);
    }

    @Test
    void everythingCarriesCommonLabelsAndAControllerOwnerReference() {
        BrokerGroupModel model = new BrokerGroupModel(BrokerClusters.minimal("demo"), NAMES, 0);
        for (var object : java.util.List.of(model.configMap(), model.service(BrokerRole.MASTER), model.pdb(),
                model.statefulSet(BrokerRole.SLAVE))) {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry(Labels.MANAGED_BY, "cometmq-operator").containsEntry(Labels.PART_OF, "cometmq")
                    .containsEntry(Labels.INSTANCE, "demo");
            assertThat(object.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(ref -> assertThat(ref.getController()).isTrue());
        }
        assertThat(model.service(BrokerRole.MASTER).getSpec().getClusterIP()).isEqualTo("None");
        assertThat(model.pdb().getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void everyPodMountsTheGroupsRoleConfigMapReadOnlyAndKnowsItsMemberName() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 2, 1);
        for (BrokerRole role : BrokerRole.values()) {
            PodSpec pod = set(cluster, 1, role).getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("role")).singleElement()
                    .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("demo-broker-1-role"));
            Container broker = pod.getContainers().get(0);
            assertThat(broker.getVolumeMounts()).filteredOn(m -> m.getName().equals("role")).singleElement()
                    .satisfies(m -> {
                        assertThat(m.getMountPath()).isEqualTo("/etc/cometmq/role");
                        assertThat(m.getReadOnly()).isTrue();
                    });
            assertThat(env(broker).get("COMETMQ_MEMBER_NAME").getValue()).isEqualTo("$(POD_NAME)");
            // POD_NAME must come first, or the kubelet leaves $(POD_NAME) unexpanded
            assertThat(broker.getEnv()).extracting(EnvVar::getName).containsSubsequence("POD_NAME", "COMETMQ_MEMBER_NAME");
        }
    }

    @Test
    void theInitialRoleAssignmentNamesTheMasterStatefulSetsPodUnderEpochOne() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 2, 1);
        BrokerGroupModel model = new BrokerGroupModel(cluster, NAMES, 1);
        var configMap = model.roleConfigMap(model.initialRoleAssignment());
        assertThat(configMap.getMetadata().getName()).isEqualTo("demo-broker-1-role");
        assertThat(configMap.getMetadata().getLabels()).containsEntry(Labels.GROUP, "1")
                .containsEntry(Labels.MANAGED_BY, "cometmq-operator");
        assertThat(configMap.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getController()).isTrue());
        assertThat(RoleConfigMaps.read(configMap))
                .isEqualTo(new io.cometmq.protocol.config.RoleAssignment("demo-broker-1-master-0", 1, "SYNC_MASTER"));

        cluster.getSpec().getBroker().setReplicationMode(io.cometmq.operator.crd.ReplicationMode.ASYNC);
        assertThat(model.initialRoleAssignment().masterRole()).isEqualTo("ASYNC_MASTER");
    }

    @Test
    void theRoleAssignmentIsNotPartOfTheConfigHashSoAFailoverRollsNothing() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        BrokerGroupModel model = new BrokerGroupModel(cluster, NAMES, 0);
        StatefulSet slaves = model.statefulSet(BrokerRole.SLAVE);
        assertThat(slaves.getSpec().getTemplate().getMetadata().getAnnotations().get(Annotations.CONFIG_HASH))
                .isEqualTo(ContentHash.of(model.config(BrokerRole.SLAVE)));
    }
}
