package io.cometmq.operator.model;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.Settings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The security half of broker and NameServer pods (docs/OPERATOR.md, "Security"): the two credential env vars read
 * from {@code <c>-broker-security}, the TLS Secret volume and its mount, and the annotations that roll pods when the
 * credentials or the CA change. Pure; nothing is added for a cluster without spec.security.
 */
public final class SecurityPods {
    public static final String TLS_DIR = "/etc/cometmq/tls";
    public static final String TLS_VOLUME = "tls";
    public static final String TLS_CERT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String CA_CERT = "ca.crt";
    /** Keys of {@code <c>-broker-security}: the broker config key names, JSON values. */
    public static final String INIT_USER_KEY = BrokerConfigKeys.INIT_AUTHENTICATION_USER.name();
    public static final String INNER_KEY = BrokerConfigKeys.INNER_CLIENT_AUTHENTICATION_CREDENTIALS.name();

    private SecurityPods() {}

    /** COMETMQ_INIT_AUTHENTICATION_USER and COMETMQ_INNER_CLIENT_AUTHENTICATION_CREDENTIALS, from the Secret. */
    public static List<EnvVar> env(Names names, SecurityMaterial material) {
        if (material.credentialsHash() == null) {
            return List.of();
        }
        return List.of(secretEnv(names.brokerSecuritySecret(), INIT_USER_KEY),
                secretEnv(names.brokerSecuritySecret(), INNER_KEY));
    }

    /** The env var the broker and NameServer read a config key from (Settings.fromEnvironment). */
    public static String envName(String key) {
        return "COMETMQ_" + Settings.upperSnake(key);
    }

    private static EnvVar secretEnv(String secret, String key) {
        return new EnvVarBuilder().withName(envName(key))
                .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).withOptional(false)
                    .endSecretKeyRef().endValueFrom()
                .build();
    }

    public static Optional<Volume> volume(SecurityMaterial material) {
        if (material.tlsSecret() == null) {
            return Optional.empty();
        }
        return Optional.of(new VolumeBuilder().withName(TLS_VOLUME)
                .withNewSecret().withSecretName(material.tlsSecret()).withDefaultMode(0440).endSecret().build());
    }

    public static Optional<VolumeMount> mount(SecurityMaterial material) {
        return material.tlsSecret() == null ? Optional.empty()
                : Optional.of(new VolumeMountBuilder().withName(TLS_VOLUME).withMountPath(TLS_DIR).withReadOnly(true)
                        .build());
    }

    /** Pod template annotations: the config hash plus the security hashes that are set. */
    public static Map<String, String> annotations(String configHash, SecurityMaterial material) {
        Map<String, String> annotations = new java.util.LinkedHashMap<>();
        annotations.put(Annotations.CONFIG_HASH, configHash);
        if (material.credentialsHash() != null) {
            annotations.put(Annotations.CREDENTIALS_HASH, material.credentialsHash());
        }
        if (material.caHash() != null) {
            annotations.put(Annotations.CA_HASH, material.caHash());
        }
        return annotations;
    }

    /** Volumes plus the TLS one, when set. */
    public static List<Volume> withTlsVolume(List<Volume> volumes, SecurityMaterial material) {
        List<Volume> all = new ArrayList<>(volumes);
        volume(material).ifPresent(all::add);
        return all;
    }
}
