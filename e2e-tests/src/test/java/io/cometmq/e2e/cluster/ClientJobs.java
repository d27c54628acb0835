package io.cometmq.e2e.cluster;

import io.cometmq.e2e.client.ClientSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes Jobs that run the test client image ({@code e2e-tests/Dockerfile}) in the cluster, where the
 * NameServer and broker pod DNS names resolve. One pod, never retried (a retry would print a second, different
 * run into the same log), a deadline, and a security context that Pod Security {@code restricted} admits, so the
 * same Job works in every namespace the test uses.
 */
final class ClientJobs {
    static final String CONTAINER = "client";
    static final String LABEL = "cometmq.io/e2e-client";
    static final String CA_VOLUME = "cluster-ca";
    static final String CA_DIR = "/etc/cometmq-e2e/ca";
    /** Where a {@link Security#caSecret()}'s {@code ca.crt} appears: the client's {@code --tls-trust-cert}. */
    static final String CA_PATH = CA_DIR + "/ca.crt";

    private ClientJobs() {
    }

    /**
     * How a Job's client reaches a secured cluster: as {@code accessKey} (a user name, not secret) with the secret
     * key read from Secret {@code secretKeySecret}/{@code secretKeyKey} through a {@code secretKeyRef} (the Job spec
     * names the Secret, never holds the value), and, with {@code caSecret}, trusting that Secret's {@code ca.crt}
     * mounted at {@link #CA_PATH}; give the client {@code --tls-trust-cert} {@link #CA_PATH} then.
     */
    record Security(String accessKey, String secretKeySecret, String secretKeyKey, String caSecret) {
    }

    static Job job(String namespace, String name, String image, List<String> args, Duration deadline) {
        return build(namespace, name, image, args, deadline);
    }

    static Job job(String namespace, String name, String image, List<String> args, Duration deadline,
            Security security) {
        Job job = build(namespace, name, image, args, deadline);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        List<EnvVar> env = new ArrayList<>(container.getEnv());
        env.add(new EnvVarBuilder().withName(ClientSecurity.ACCESS_KEY_ENV).withValue(security.accessKey()).build());
        env.add(new EnvVarBuilder().withName(ClientSecurity.SECRET_KEY_ENV).withNewValueFrom().withNewSecretKeyRef()
                .withName(security.secretKeySecret()).withKey(security.secretKeyKey()).withOptional(false)
                .endSecretKeyRef().endValueFrom().build());
        container.setEnv(env);
        if (security.caSecret() != null) {
            pod.getVolumes().add(new VolumeBuilder().withName(CA_VOLUME).withNewSecret()
                    .withSecretName(security.caSecret()).addNewItem().withKey("ca.crt").withPath("ca.crt").endItem()
                    .endSecret().build());
            container.getVolumeMounts().add(new VolumeMountBuilder().withName(CA_VOLUME).withMountPath(CA_DIR)
                    .withReadOnly(true).build());
        }
        return job;
    }

    private static Job build(String namespace, String name, String image, List<String> args, Duration deadline) {
        return new JobBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name)
                    .withLabels(Map.of(LABEL, name, "app.kubernetes.io/part-of", "cometmq-e2e")).endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(deadline.toSeconds())
                    .withNewTemplate()
                        .withNewMetadata().withLabels(Map.of(LABEL, name)).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withTerminationGracePeriodSeconds(5L)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .addNewContainer()
                                .withName(CONTAINER).withImage(image).withImagePullPolicy("IfNotPresent")
                                .withArgs(args)
                                .withNewResources()
                                    .addToRequests("cpu", new Quantity("100m"))
                                    .addToRequests("memory", new Quantity("256Mi"))
                                    .addToLimits("memory", new Quantity("512Mi"))
                                .endResources()
                                .withNewSecurityContext()
                                    .withAllowPrivilegeEscalation(false)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .endSecurityContext()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
