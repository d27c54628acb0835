package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.crd.SchedulingSpec;
import io.cometmq.operator.crd.StorageSpec;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired objects of one broker group g: a ConfigMap with master.conf and slave.conf, the role ConfigMap as it is
 * first created, a master and a slave StatefulSet (each with a headless Service) and a PDB over both. Pure.
 *
 * <p>The broker image contract (env and args) is documented in docs/OPERATOR.md; brokerId is derived at
 * start-up from {@code COMETMQ_BROKER_ID_BASE} plus the pod ordinal. The role ConfigMap is mounted in every pod of
 * the group as a volume of its own: its content is not part of the config hash, so a failover rolls nothing.
 */
public final class BrokerGroupModel {
    public static final String CONTAINER = "broker";
    public static final String STORE_VOLUME = "store";
    public static final String ROLE_VOLUME = "role";
    static final String CONFIG_DIR = "/etc/cometmq";
    static final String DATA_DIR = "/var/lib/cometmq";
    /** Time for the SIGTERM handler to unregister from every NameServer and flush the commit log. */
    static final long TERMINATION_GRACE_SECONDS = 120;

    private final BrokerCluster cluster;
    private final Names names;
    private final int group;
    private final SecurityMaterial security;

    public BrokerGroupModel(BrokerCluster cluster, Names names, int group) {
        this(cluster, names, group, SecurityMaterial.NONE);
    }

    /** @param security the Secrets' hashes and TLS Secret the security step found (NONE without spec.security) */
    public BrokerGroupModel(BrokerCluster cluster, Names names, int group, SecurityMaterial security) {
        this.cluster = cluster;
        this.names = names;
        this.group = group;
        this.security = security;
    }

    public int group() { return group; }

    public Names names() { return names; }

    public int replicas(BrokerRole role) {
        return role == BrokerRole.MASTER ? 1 : cluster.getSpec().getBroker().getSlavesPerGroup();
    }

    public String config(BrokerRole role) {
        return ConfigRenderer.brokerConfig(cluster, names, group, role);
    }

    public ConfigMap configMap() {
        Map<String, String> data = new LinkedHashMap<>();
        for (BrokerRole role : BrokerRole.values()) {
            data.put(role.configFile(), config(role));
        }
        return new ConfigMapBuilder()
                .withMetadata(Owners.metadata(cluster, names.brokerConfigMap(group),
                        Labels.withCommon(Labels.groupSelector(names.cluster(), group))))
                .withData(data)
                .build();
    }

    /** The assignment a new group starts with: its master StatefulSet's pod, epoch 1. */
    public RoleAssignment initialRoleAssignment() {
        return new RoleAssignment(names.brokerPod(group, BrokerRole.MASTER, 0), 1,
                ConfigRenderer.masterRole(cluster.getSpec().getBroker().getReplicationMode()));
    }

    /** The role ConfigMap holding {@code assignment}; the reconciler creates it only when absent (RoleConfigMapStep). */
    public ConfigMap roleConfigMap(RoleAssignment assignment) {
        return new ConfigMapBuilder()
                .withMetadata(Owners.metadata(cluster, names.brokerRoleConfigMap(group),
                        Labels.withCommon(Labels.groupSelector(names.cluster(), group))))
                .withData(Map.of(ConfigRenderer.ROLE_KEY, assignment.render()))
                .build();
    }

    public Service service(BrokerRole role) {
        return Workloads.headlessService(cluster, names.brokerSet(group, role),
                Labels.brokerSelector(names.cluster(), group, role),
                List.of(Workloads.tcpPort("remoting", Ports.BROKER_REMOTING), Workloads.tcpPort("ha", Ports.BROKER_HA)));
    }

    public PodDisruptionBudget pdb() {
        return Workloads.pdb(cluster, names.brokerPdb(group), Labels.groupSelector(names.cluster(), group));
    }

    public StatefulSet statefulSet(BrokerRole role) {
        Map<String, String> selector = Labels.brokerSelector(names.cluster(), group, role);
        StorageSpec storage = cluster.getSpec().getBroker().getStorage();
        SchedulingSpec scheduling = cluster.getSpec().getScheduling();

        PodSpecBuilder pod = new PodSpecBuilder()
                .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                .withNodeSelector(scheduling.getNodeSelector())
                .withTolerations(scheduling.getTolerations())
                .withAffinity(PodScheduling.affinity(scheduling, Labels.groupSelector(names.cluster(), group)))
                .withContainers(container(role))
                .withVolumes(volumes(storage))
                .withSecurityContext(Workloads.podSecurity());
        SysctlInitContainer.build(cluster).ifPresent(pod::addToInitContainers);

        return new StatefulSetBuilder()
                .withMetadata(Owners.metadata(cluster, names.brokerSet(group, role), Labels.withCommon(selector)))
                .withNewSpec()
                    .withReplicas(replicas(role))
                    .withServiceName(names.brokerSet(group, role))
                    // slaves copy from the master, not from each other: they may start together
                    .withPodManagementPolicy("Parallel")
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(Labels.withCommon(selector))
                            .withAnnotations(SecurityPods.annotations(ContentHash.of(config(role)), security))
                        .endMetadata()
                        .withSpec(pod.build())
                    .endTemplate()
                    .withVolumeClaimTemplates(storage.isEphemeral() ? List.of() : List.of(claimTemplate(storage, selector)))
                .endSpec()
                .build();
    }

    private Container container(BrokerRole role) {
        BrokerSpec broker = cluster.getSpec().getBroker();
        String service = names.brokerSet(group, role);
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(cluster.getSpec().getImages().getBroker())
                .withImagePullPolicy(cluster.getSpec().getImages().getPullPolicy().name())
                .withArgs("--config", CONFIG_DIR + "/" + role.configFile())
                .withEnv(
                        Workloads.fieldEnv("POD_NAME", "metadata.name"),
                        Workloads.fieldEnv("POD_NAMESPACE", "metadata.namespace"),
                        // the name the role file uses for this broker; overrides memberName of the rendered file
                        Workloads.env("COMETMQ_MEMBER_NAME", "$(POD_NAME)"),
                        // $(POD_NAME) is expanded by the kubelet: the pod's stable DNS name, advertised as brokerIP1
                        Workloads.env("COMETMQ_ADVERTISED_HOST", "$(POD_NAME)" + names.podHostSuffix(service)),
                        Workloads.env("COMETMQ_BROKER_ID_BASE", Integer.toString(role.brokerIdBase())),
                        Workloads.env("COMETMQ_NOFILE_TARGET", Integer.toString(cluster.getSpec().getTuning().getNofileTarget())),
                        Workloads.env("JAVA_OPTS", JvmOptions.javaOpts(broker.getJvm())))
                .addAllToEnv(SecurityPods.env(names, security))
                .addNewPort().withName("remoting").withContainerPort(Ports.BROKER_REMOTING).withProtocol("TCP").endPort()
                .addNewPort().withName("ha").withContainerPort(Ports.BROKER_HA).withProtocol("TCP").endPort()
                .addAllToPorts(Workloads.metricsPort(cluster))
                .addAllToPorts(ClusterGrpcService.containerPort(cluster))
                .withStartupProbe(Probes.startup(Ports.BROKER_REMOTING))
                .withReadinessProbe(Probes.readiness(Ports.BROKER_REMOTING))
                .withLivenessProbe(Probes.liveness(Ports.BROKER_REMOTING))
                // No preStop hook: clients find brokers through the NameServer, not Service endpoints, so there is
                // no endpoint race to wait out; the SIGTERM handler unregisters and flushes within the grace period.
                .withResources(broker.getResources())
                .withSecurityContext(Workloads.containerSecurity())
                .withTerminationMessagePolicy(Workloads.TERMINATION_MESSAGE_POLICY)
                .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
                // nested in the config mount: the kubelet creates the mount point inside read-only ConfigMap volumes
                .addNewVolumeMount().withName(ROLE_VOLUME).withMountPath(ConfigRenderer.ROLE_DIR).withReadOnly(true)
                    .endVolumeMount()
                .addAllToVolumeMounts(ExternalAccessModel.brokerMount(cluster))
                .addNewVolumeMount().withName(STORE_VOLUME).withMountPath(DATA_DIR).endVolumeMount()
                .addAllToVolumeMounts(SecurityPods.mount(security).stream().toList())
                .build();
    }

    private List<Volume> volumes(StorageSpec storage) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("config")
                .withNewConfigMap().withName(names.brokerConfigMap(group)).endConfigMap().build());
        volumes.add(new VolumeBuilder().withName(ROLE_VOLUME)
                .withNewConfigMap().withName(names.brokerRoleConfigMap(group)).endConfigMap().build());
        volumes.addAll(ExternalAccessModel.brokerVolume(cluster, names));
        if (storage.isEphemeral()) {
            volumes.add(new VolumeBuilder().withName(STORE_VOLUME)
                    .withNewEmptyDir().withSizeLimit(new Quantity(storage.getSize())).endEmptyDir().build());
        }
        SecurityPods.volume(security).ifPresent(volumes::add);
        return volumes;
    }

    private PersistentVolumeClaim claimTemplate(StorageSpec storage, Map<String, String> selector) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(STORE_VOLUME).withLabels(Labels.withCommon(selector)).endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName(storage.getStorageClassName())
                    .withNewResources().addToRequests("storage", new Quantity(storage.getSize())).endResources()
                .endSpec()
                .build();
    }
}
