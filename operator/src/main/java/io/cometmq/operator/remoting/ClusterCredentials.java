package io.cometmq.operator.remoting;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.crd.TlsSpec;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.security.SecretValues;
import io.cometmq.protocol.auth.SessionCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inner credentials of a cluster (the ones brokers, NameServers and the operator sign internal requests with),
 * read from the Secret spec.security.innerCredentialsSecret names, or the operator's {@code <c>-inner-credentials}.
 * Keys {@code accessKey} and {@code secretKey}. Parsed credentials are kept per Secret resourceVersion, so a
 * rotated Secret is picked up by the next call. Never logs a value.
 */
public final class ClusterCredentials {
    public static final String ACCESS_KEY = "accessKey";
    public static final String SECRET_KEY = "secretKey";
    private static final String CA_CERT = "ca.crt";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCredentials.class);

    private final BiFunction<String, String, Secret> secrets;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String resourceVersion, Optional<SessionCredentials> credentials) {}

    /** @param secrets (namespace, name) → the Secret, or null when it does not exist */
    public ClusterCredentials(BiFunction<String, String, Secret> secrets) {
        this.secrets = secrets;
    }

    /** Reads with a GET per call (the operator does not cache every Secret of its namespaces). */
    public static ClusterCredentials fromApi(KubernetesClient client) {
        return new ClusterCredentials((namespace, name) -> client.secrets().inNamespace(namespace).withName(name).get());
    }

    /** The Secret holding the cluster's inner credentials. */
    public static String secretName(BrokerCluster cluster) {
        SecuritySpec security = cluster.getSpec().getSecurity();
        String named = security == null ? null : security.getInnerCredentialsSecret();
        return named != null ? named : names(cluster).innerCredentialsSecret();
    }

    /** Whether requests to this cluster must be signed. */
    public static boolean required(BrokerCluster cluster) {
        SecuritySpec security = cluster.getSpec().getSecurity();
        return security != null && security.authenticationEnabled();
    }

    /**
     * The credentials to sign this cluster's requests with: empty when authentication is off, or when the Secret is
     * missing or lacks a key (status reports that; see SecuritySecrets).
     */
    public Optional<SessionCredentials> inner(BrokerCluster cluster) {
        if (!required(cluster)) {
            return Optional.empty();
        }
        String namespace = cluster.getMetadata().getNamespace();
        return read(namespace, secretName(cluster));
    }

    /**
     * Everything the operator needs to talk to the cluster: its inner credentials (authentication on), and the CA of
     * its certificate Secret when tls.mode is enforcing. A Secret that cannot be read leaves that part out: the
     * cluster then refuses the requests, and status shows it (not registered, no runtime info).
     */
    public ClusterAccess access(BrokerCluster cluster) {
        Optional<SessionCredentials> signer;
        try {
            signer = inner(cluster);
        } catch (KubernetesClientException e) {
            LOG.debug("{}/{}: cannot read the inner credentials Secret ({})", cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(), e.getCode());
            signer = Optional.empty();
        }
        return new ClusterAccess(signer, trustedCa(cluster));
    }

    /** ca.crt of the cluster's certificate Secret when the operator must speak TLS to it (mode enforcing). */
    private Optional<String> trustedCa(BrokerCluster cluster) {
        SecuritySpec security = cluster.getSpec().getSecurity();
        TlsSpec tls = security == null ? null : security.getTls();
        if (tls == null || tls.getMode() == TlsSpec.TlsModeSpec.permissive) {
            return Optional.empty();
        }
        String name = tls.getCertificateSecret() != null ? tls.getCertificateSecret()
                : names(cluster).tlsSecret();
        try {
            return SecretValues.read(secrets.apply(cluster.getMetadata().getNamespace(), name), CA_CERT);
        } catch (KubernetesClientException e) {
            LOG.debug("{}/{}: cannot read certificate Secret {} ({})", cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(), name, e.getCode());
            return Optional.empty();
        }
    }

    private static Names names(BrokerCluster cluster) {
        return new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(),
                Names.DEFAULT_CLUSTER_DOMAIN);
    }

    /** The credentials held by one Secret (keys accessKey, secretKey); empty when missing or incomplete. */
    public Optional<SessionCredentials> read(String namespace, String name) {
        Secret secret = secrets.apply(namespace, name);
        String key = namespace + "/" + name;
        if (secret == null) {
            parsed.remove(key);
            return Optional.empty();
        }
        String version = secret.getMetadata() == null ? null : secret.getMetadata().getResourceVersion();
        Parsed known = parsed.get(key);
        if (known != null && version != null && version.equals(known.resourceVersion())) {
            return known.credentials();
        }
        Optional<SessionCredentials> credentials = fromSecret(secret);
        parsed.put(key, new Parsed(version, credentials));
        return credentials;
    }

    /** Pure: accessKey and secretKey of a Secret, both present and non-empty, or empty. */
    public static Optional<SessionCredentials> fromSecret(Secret secret) {
        Optional<String> accessKey = SecretValues.read(secret, ACCESS_KEY).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> secretKey = SecretValues.read(secret, SECRET_KEY);
        if (accessKey.isEmpty() || secretKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SessionCredentials(accessKey.get(), secretKey.get()));
    }
}
