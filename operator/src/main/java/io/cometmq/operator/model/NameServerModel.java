package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.NameServerSpec;
import io.cometmq.operator.crd.SchedulingSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;

/** Desired NameServer objects: ConfigMap, headless Service, StatefulSet and PDB. Pure. */
public final class NameServerModel {
    public static final String CONTAINER = "nameserver";
    static final String CONFIG_DIR = "/etc/cometmq";
    static final long TERMINATION_GRACE_SECONDS = 30;

    private final BrokerCluster cluster;
    private final Names names;
    private final Map<String, String> selector;
    private final SecurityMaterial security;

    public NameServerModel(BrokerCluster cluster, Names names) {
        this(cluster, names, SecurityMaterial.NONE);
    }

    /** @param security the Secrets' hashes and TLS Secret the security step found (NONE without spec.security) */
    public NameServerModel(BrokerCluster cluster, Names names, SecurityMaterial security) {
        this.cluster = cluster;
        this.names = names;
        this.selector = Labels.nameServerSelector(names.cluster());
        this.security = security;
    }

    public int replicas() { return cluster.getSpec().getNameServer().getReplicas(); }

    public String config() { return ConfigRenderer.nameServerConfig(cluster); }

    public ConfigMap configMap() {
        return new ConfigMapBuilder()
                .withMetadata(Owners.metadata(cluster, names.nameServerConfigMap(), Labels.withCommon(selector)))
                .withData(Map.of(ConfigRenderer.NAMESERVER_FILE, config()))
                .build();
    }

    public Service service() {
        return Workloads.headlessService(cluster, names.nameServer(), selector,
                List.of(Workloads.tcpPort("remoting", Ports.NAMESERVER)));
    }

    public PodDisruptionBudget pdb() {
        return Workloads.pdb(cluster, names.nameServer(), selector);
    }

    public StatefulSet statefulSet() {
        SchedulingSpec scheduling = cluster.getSpec().getScheduling();
        return new StatefulSetBuilder()
                .withMetadata(Owners.metadata(cluster, names.nameServer(), Labels.withCommon(selector)))
                .withNewSpec()
                    .withReplicas(replicas())
                    .withServiceName(names.nameServer())
                    // NameServers do not talk to each other: no reason to start them one by one
                    .withPodManagementPolicy("Parallel")
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(Labels.withCommon(selector))
                            .withAnnotations(SecurityPods.annotations(ContentHash.of(config()), security))
                        .endMetadata()
                        .withNewSpec()
                            .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                            .withNodeSelector(scheduling.getNodeSelector())
                            .withTolerations(scheduling.getTolerations())
                            .withAffinity(PodScheduling.affinity(scheduling, selector))
                            .withContainers(container())
                            .withSecurityContext(Workloads.podSecurity())
                            .withVolumes(SecurityPods.withTlsVolume(List.of(new VolumeBuilder().withName("config")
                                .withNewConfigMap().withName(names.nameServerConfigMap()).endConfigMap().build()),
                                security))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private Container container() {
        NameServerSpec spec = cluster.getSpec().getNameServer();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(cluster.getSpec().getImages().getNameServer())
                .withImagePullPolicy(cluster.getSpec().getImages().getPullPolicy().name())
                .withArgs("--config", CONFIG_DIR + "/" + ConfigRenderer.NAMESERVER_FILE)
                .withEnv(
                        Workloads.fieldEnv("POD_NAME", "metadata.name"),
                        Workloads.env("JAVA_OPTS", JvmOptions.javaOpts(spec.getJvm())))
                .addAllToEnv(SecurityPods.env(names, security))
                .addNewPort().withName("remoting").withContainerPort(Ports.NAMESERVER).withProtocol("TCP").endPort()
                .addAllToPorts(Workloads.metricsPort(cluster))
                .addAllToPorts(ExternalAccessModel.nameServerPort(cluster))
                .withReadinessProbe(Probes.readiness(Ports.NAMESERVER))
                .withLivenessProbe(Probes.liveness(Ports.NAMESERVER))
                .withResources(spec.getResources())
                .withSecurityContext(Workloads.containerSecurity())
                .withTerminationMessagePolicy(Workloads.TERMINATION_MESSAGE_POLICY)
                .addNewVolumeMount().withName("config").withMountPath(CONFIG_DIR).withReadOnly(true).endVolumeMount()
                .addAllToVolumeMounts(SecurityPods.mount(security).stream().toList())
                .build();
    }
}
