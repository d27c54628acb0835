package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityPodsTest {
    private static final Names NAMES = new Names("demo", BrokerClusters.NAMESPACE, "cluster.local");
    private static final SecurityMaterial FULL = new SecurityMaterial("cred1", "ca1", "demo-tls");

    private static Container container(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> annotations(StatefulSet set) {
        return set.getSpec().getTemplate().getMetadata().getAnnotations();
    }

    private static List<StatefulSet> sets(BrokerCluster cluster, SecurityMaterial material) {
        return List.of(new BrokerGroupModel(cluster, NAMES, 0, material).statefulSet(BrokerRole.MASTER),
                new BrokerGroupModel(cluster, NAMES, 0, material).statefulSet(BrokerRole.SLAVE),
                new NameServerModel(cluster, NAMES, material).statefulSet());
    }

    @Test
    void withoutSecurityThePodTemplatesAreTheOldOnes() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        assertThat(sets(cluster, SecurityMaterial.NONE)).containsExactlyElementsOf(List.of(
                new BrokerGroupModel(cluster, NAMES, 0).statefulSet(BrokerRole.MASTER),
                new BrokerGroupModel(cluster, NAMES, 0).statefulSet(BrokerRole.SLAVE),
                new NameServerModel(cluster, NAMES).statefulSet()));
        for (StatefulSet set : sets(cluster, SecurityMaterial.NONE)) {
            assertThat(annotations(set)).containsOnlyKeys(Annotations.CONFIG_HASH);
            assertThat(container(set).getEnv()).noneMatch(e -> e.getValueFrom() != null
                    && e.getValueFrom().getSecretKeyRef() != null);
            assertThat(set.getSpec().getTemplate().getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null);
        }
    }

    @Test
    void brokersAndNameServersGetTheCredentialEnvFromTheRenderedSecretAndTheTlsMount() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        for (StatefulSet set : sets(cluster, FULL)) {
            Container container = container(set);
            for (String[] envAndKey : new String[][] {
                    {"COMETMQ_INIT_AUTHENTICATION_USER", "initAuthenticationUser"},
                    {"COMETMQ_INNER_CLIENT_AUTHENTICATION_CREDENTIALS", "innerClientAuthenticationCredentials"}}) {
                EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals(envAndKey[0])).findFirst()
                        .orElseThrow();
                assertThat(env.getValue()).isNull();
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("demo-broker-security");
                assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(envAndKey[1]);
            }
            assertThat(container.getVolumeMounts()).anyMatch(m -> m.getName().equals("tls")
                    && m.getMountPath().equals("/etc/cometmq/tls") && m.getReadOnly());
            PodSpec pod = set.getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals("tls") && v.getSecret() != null
                    && "demo-tls".equals(v.getSecret().getSecretName()));
            assertThat(annotations(set)).containsEntry(Annotations.CREDENTIALS_HASH, "cred1")
                    .containsEntry(Annotations.CA_HASH, "ca1").containsKey(Annotations.CONFIG_HASH);
        }
    }

    @Test
    void aCredentialOrCaChangeChangesThePodTemplateButAServingCertificateRenewalDoesNot() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 1);
        List<StatefulSet> before = sets(cluster, FULL);
        assertThat(sets(cluster, FULL.withCredentialsHash("cred2"))).allSatisfy(set ->
                assertThat(before).doesNotContain(set));
        assertThat(sets(cluster, FULL.withTls("ca2", "demo-tls"))).allSatisfy(set ->
                assertThat(before).doesNotContain(set));
        // a renewed leaf lives in the same Secret under the same CA: nothing in the template changes
        assertThat(sets(cluster, new SecurityMaterial("cred1", "ca1", "demo-tls"))).isEqualTo(before);
    }
}
