package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.MonitoringSpec;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;

/** Pieces shared by the NameServer and broker builders: headless Services, PDBs, env vars and the metrics port. */
public final class Workloads {
    private Workloads() {}

    /**
     * A headless Service gives each pod its stable DNS name. publishNotReadyAddresses lets a starting
     * slave resolve its master (and a broker its NameServers) before the other side is ready.
     */
    public static Service headlessService(BrokerCluster cluster, String name, Map<String, String> selector,
            List<ServicePort> ports) {
        return new ServiceBuilder()
                .withMetadata(Owners.metadata(cluster, name, Labels.withCommon(selector)))
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(selector)
                    .withPorts(ports)
                .endSpec()
                .build();
    }

    public static ServicePort tcpPort(String name, int port) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(port)).build();
    }

    /** The container port {@code metrics} of spec.monitoring, on broker and NameServer pods; none when metrics are off. */
    public static List<ContainerPort> metricsPort(BrokerCluster cluster) {
        MonitoringSpec monitoring = MonitoringSpec.of(cluster.getSpec());
        if (!monitoring.isEnabled()) {
            return List.of();
        }
        return List.of(new ContainerPortBuilder().withName(Ports.METRICS_NAME).withContainerPort(monitoring.getPort())
                .withProtocol("TCP").build());
    }

    /** At most one pod of the set voluntarily disrupted at a time (node drains, cluster upgrades). */
    public static PodDisruptionBudget pdb(BrokerCluster cluster, String name, Map<String, String> selector) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Owners.metadata(cluster, name, Labels.withCommon(selector)))
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(selector).endSelector()
                .endSpec()
                .build();
    }

    public static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    public static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath).endFieldRef().endValueFrom().build();
    }

    /**
     * The images run as uid/gid 10001: volumes are group-owned by it, so the non-root broker can write its store.
     * Non-root plus the RuntimeDefault seccomp profile are the pod-level half of Pod Security "restricted".
     */
    public static PodSecurityContext podSecurity() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(IMAGE_UID)
                .withRunAsGroup(IMAGE_UID)
                .withFsGroup(IMAGE_UID)
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /**
     * The container-level half of Pod Security "restricted" for the broker and NameServer containers: no
     * privilege escalation and every capability dropped (they only listen on ports above 1024).
     */
    public static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    /**
     * When a container fails, the kubelet copies the end of its log into the termination message, which
     * the operator shows in the Degraded condition (a typo in the config is then visible in status).
     */
    public static final String TERMINATION_MESSAGE_POLICY = "FallbackToLogsOnError";

    /** The non-root user the CometMQ images run as (see the Dockerfiles). */
    public static final long IMAGE_UID = 10001L;
}
