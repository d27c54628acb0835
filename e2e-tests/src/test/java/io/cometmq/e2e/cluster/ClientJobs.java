package io.cometmq.e2e.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
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

    private ClientJobs() {
    }

    static Job job(String namespace, String name, String image, List<String> args, Duration deadline) {
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
