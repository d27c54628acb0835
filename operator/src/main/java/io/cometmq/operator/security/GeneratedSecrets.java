package io.cometmq.operator.security;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Labels;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.Owners;
import io.cometmq.operator.model.SecurityPods;
import io.cometmq.operator.remoting.ClusterCredentials;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.body.Json;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Secrets the operator writes for spec.security.authentication: the generated super user and inner credentials
 * (created once with random values, owned by the cluster), and {@code <c>-broker-security}, the two broker config
 * values rendered from them. Builders only; the security step decides when to write.
 */
public final class GeneratedSecrets {
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String SUPER_USER = "admin";
    public static final String INNER_ACCESS_KEY = "cometmq-inner";
    static final int SECRET_LENGTH = 32;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecrets() {}

    /** 32 letters and digits from SecureRandom (~190 bits). */
    public static String randomSecret() {
        StringBuilder value = new StringBuilder(SECRET_LENGTH);
        for (int i = 0; i < SECRET_LENGTH; i++) {
            value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }

    /** {@code <c>-superuser}: username admin, a random password. */
    public static Secret superUser(BrokerCluster cluster, Names names, Supplier<String> random) {
        return secret(cluster, names.superUserSecret(), Map.of(USERNAME, SUPER_USER, PASSWORD, random.get()));
    }

    /** {@code <c>-inner-credentials}: access key cometmq-inner, a random secret key. */
    public static Secret innerCredentials(BrokerCluster cluster, Names names, Supplier<String> random) {
        return secret(cluster, names.innerCredentialsSecret(), Map.of(ClusterCredentials.ACCESS_KEY,
                INNER_ACCESS_KEY, ClusterCredentials.SECRET_KEY, random.get()));
    }

    /**
     * {@code <c>-broker-security}: initAuthenticationUser as {"username","password"} (the form Apache's broker and
     * ours read) and innerClientAuthenticationCredentials as {"accessKey","secretKey"}.
     */
    public static Secret brokerSecurity(BrokerCluster cluster, Names names, SessionCredentials superUser,
            SessionCredentials inner) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SecurityPods.INIT_USER_KEY, initUserJson(superUser));
        values.put(SecurityPods.INNER_KEY, inner.toJson());
        return secret(cluster, names.brokerSecuritySecret(), values);
    }

    static String initUserJson(SessionCredentials user) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put(USERNAME, user.accessKey());
        json.put(PASSWORD, user.secretKey());
        return new String(Json.encode(json), StandardCharsets.UTF_8);
    }

    public static Secret secret(BrokerCluster cluster, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((key, value) -> data.put(key, SecretValues.encode(value)));
        return new SecretBuilder()
                .withMetadata(Owners.metadata(cluster, name, Labels.cluster(cluster.getMetadata().getName())))
                .withType("Opaque")
                .withData(data)
                .build();
    }
}
