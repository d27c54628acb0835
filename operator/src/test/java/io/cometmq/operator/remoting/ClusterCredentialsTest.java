package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.security.SecretValues;
import io.cometmq.protocol.auth.SessionCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClusterCredentialsTest {
    private final Map<String, Secret> store = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final ClusterCredentials credentials = new ClusterCredentials((ns, name) -> {
        reads.incrementAndGet();
        return store.get(ns + "/" + name);
    });

    private static Secret secret(String name, String version, Map<String, String> values) {
        Map<String, String> data = new HashMap<>();
        values.forEach((k, v) -> data.put(k, SecretValues.encode(v)));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(BrokerClusters.NAMESPACE).withResourceVersion(version)
                .endMetadata().withData(data).build();
    }

    private static BrokerCluster cluster(Boolean authentication, String secretName) {
        BrokerCluster cluster = BrokerClusters.minimal("c1");
        SecuritySpec security = new SecuritySpec();
        security.setAuthentication(authentication);
        security.setInnerCredentialsSecret(secretName);
        cluster.getSpec().setSecurity(security);
        return cluster;
    }

    @Test
    void readsTheGeneratedSecretWhenNoneIsNamed() {
        store.put(BrokerClusters.NAMESPACE + "/c1-inner-credentials", secret("c1-inner-credentials", "1",
                Map.of("accessKey", "cometmq-inner", "secretKey", "s3cret")));
        assertThat(credentials.inner(cluster(true, null)))
                .contains(new SessionCredentials("cometmq-inner", "s3cret"));
    }

    @Test
    void readsTheNamedSecret() {
        store.put(BrokerClusters.NAMESPACE + "/mine", secret("mine", "1", Map.of("accessKey", "ak", "secretKey", "sk")));
        assertThat(credentials.inner(cluster(true, "mine"))).contains(new SessionCredentials("ak", "sk"));
    }

    @Test
    void nothingWhenAuthenticationIsOffOrTheSecretIsUnusable() {
        store.put(BrokerClusters.NAMESPACE + "/c1-inner-credentials", secret("c1-inner-credentials", "1", Map.of("accessKey", "ak")));
        assertThat(credentials.inner(cluster(false, null))).isEmpty();
        assertThat(reads).hasValue(0);
        assertThat(credentials.inner(cluster(true, null))).isEmpty();
        assertThat(credentials.inner(cluster(true, "missing"))).isEmpty();
        assertThat(credentials.inner(BrokerClusters.minimal("c1"))).isEmpty();
    }

    @Test
    void aRotatedSecretIsPickedUpByItsNewResourceVersion() {
        store.put(BrokerClusters.NAMESPACE + "/mine", secret("mine", "1", Map.of("accessKey", "ak", "secretKey", "old")));
        BrokerCluster cluster = cluster(true, "mine");
        assertThat(credentials.inner(cluster)).contains(new SessionCredentials("ak", "old"));
        store.put(BrokerClusters.NAMESPACE + "/mine", secret("mine", "2", Map.of("accessKey", "ak", "secretKey", "new")));
        assertThat(credentials.inner(cluster)).contains(new SessionCredentials("ak", "new"));
        store.remove(BrokerClusters.NAMESPACE + "/mine");
        assertThat(credentials.inner(cluster)).isEqualTo(Optional.empty());
    }

    @Test
    void stringDataCountsToo() {
        Secret secret = new SecretBuilder().withNewMetadata().withName("mine").endMetadata()
                .withStringData(Map.of("accessKey", "ak", "secretKey", "sk")).build();
        assertThat(ClusterCredentials.fromSecret(secret)).contains(new SessionCredentials("ak", "sk"));
    }
}
