package io.cometmq.operator.user;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.model.Names;
import io.cometmq.protocol.auth.SessionCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Reads a cluster's inner credentials from its Secret: {@code spec.security.innerCredentialsSecret}, or the
 * operator-made {@code <cluster>-inner-credentials}, keys {@code accessKey} and {@code secretKey}.
 */
public final class SecretInnerCredentials implements InnerCredentials {
    public static final String ACCESS_KEY = "accessKey";
    public static final String SECRET_KEY = "secretKey";

    @Override
    public SessionCredentials of(BrokerCluster cluster, KubernetesClient client) throws Unavailable {
        SecuritySpec security = cluster.getSpec().getSecurity();
        String name = security != null && security.getInnerCredentialsSecret() != null
                ? security.getInnerCredentialsSecret()
                : new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(),
                        Names.DEFAULT_CLUSTER_DOMAIN).innerCredentialsSecret();
        Secret secret = client.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(name).get();
        if (secret == null) {
            throw new Unavailable("Secret " + name + " with the cluster's inner credentials does not exist (yet)");
        }
        String accessKey = SecretValues.value(secret, ACCESS_KEY);
        String secretKey = SecretValues.value(secret, SECRET_KEY);
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new Unavailable("Secret " + name + " needs non-empty keys " + ACCESS_KEY + " and " + SECRET_KEY);
        }
        return new SessionCredentials(accessKey, secretKey);
    }
}
