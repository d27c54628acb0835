package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientJobsTest {

    @Test
    void oneNeverRetriedPodThatPodSecurityRestrictedAdmits() {
        Job job = ClientJobs.job("ns", "rt-producer", "cometmq/e2e-client:0.1.0",
                List.of("produce", "--count", "5"), Duration.ofMinutes(4));
        assertThat(job.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(240L);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(ClientJobs.LABEL, "rt-producer");
        // the checks of Pod Security "restricted" (v1.25+): non-root, seccomp, no escalation, all capabilities dropped
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container container = pod.getContainers().get(0);
        assertThat(container.getName()).isEqualTo(ClientJobs.CONTAINER);
        assertThat(container.getImage()).isEqualTo("cometmq/e2e-client:0.1.0");
        assertThat(container.getArgs()).containsExactly("produce", "--count", "5");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getPrivileged()).isNull();
        assertThat(pod.getVolumes()).isEmpty();
    }
}
