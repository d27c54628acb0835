package io.cometmq.operator.user;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** One value of a Secret: {@code data} (Base64, what the API server stores) or, before it converted it, {@code stringData}. */
final class SecretValues {
    private SecretValues() {
    }

    /** The decoded value, or null when the key is absent or not Base64. */
    static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
}
