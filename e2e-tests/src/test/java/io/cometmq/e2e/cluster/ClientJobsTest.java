package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.e2e.client.ClientSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
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

    @Test
    void aSecuredClientGetsItsSecretKeyByReferenceAndTheCaAsAReadOnlyFile() {
        ClientJobs.Security security = new ClientJobs.Security("orders-app", "orders-app-password", "password",
                "secured-tls");
        Job job = ClientJobs.job("ns", "sc-producer", "cometmq/e2e-client:0.1.0",
                List.of("produce", "--tls-trust-cert", ClientJobs.CA_PATH), Duration.ofMinutes(4), security);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        EnvVar accessKey = container.getEnv().get(0);
        assertThat(accessKey.getName()).isEqualTo(ClientSecurity.ACCESS_KEY_ENV);
        assertThat(accessKey.getValue()).isEqualTo("orders-app");
        EnvVar secretKey = container.getEnv().get(1);
        assertThat(secretKey.getName()).isEqualTo(ClientSecurity.SECRET_KEY_ENV);
        assertThat(secretKey.getValue()).as("no secret value in the Job spec").isNull();
        assertThat(secretKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("orders-app-password");
        assertThat(secretKey.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(container.getEnv()).hasSize(2);
        // only the CA certificate of the Secret is mounted, never the serving key beside it
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo(ClientJobs.CA_VOLUME);
            assertThat(v.getSecret().getSecretName()).isEqualTo("secured-tls");
            assertThat(v.getSecret().getItems()).singleElement()
                    .satisfies(i -> assertThat(i.getKey()).isEqualTo("ca.crt"));
        });
        assertThat(container.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getMountPath() + "/ca.crt").isEqualTo(ClientJobs.CA_PATH);
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(container.getArgs()).containsExactly("produce", "--tls-trust-cert", ClientJobs.CA_PATH);
        // still what Pod Security "restricted" admits (secret volumes are allowed there)
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }

    @Test
    void withoutCaSecretOnlyTheCredentialsAreAdded() {
        Job job = ClientJobs.job("ns", "p", "img", List.of("produce"), Duration.ofMinutes(1),
                new ClientJobs.Security("app", "app-password", "password", null));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).isEmpty();
        assertThat(pod.getContainers().get(0).getVolumeMounts()).isEmpty();
        assertThat(pod.getContainers().get(0).getEnv()).extracting(EnvVar::getName)
                .containsExactly(ClientSecurity.ACCESS_KEY_ENV, ClientSecurity.SECRET_KEY_ENV);
    }
}
