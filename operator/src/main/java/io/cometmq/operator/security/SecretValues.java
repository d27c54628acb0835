package io.cometmq.operator.security;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads one key of a Secret as text: {@code data} (base64, what the API server returns) or {@code stringData} (what a
 * client may have written and a test server may keep). Pure. Values are never logged or put in messages.
 */
public final class SecretValues {
    private SecretValues() {}

    /** The key's value, or empty when the Secret is null, lacks the key, or holds an empty value or bad base64. */
    public static Optional<String> read(Secret secret, String key) {
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                String value = new String(Base64.getDecoder().decode(secret.getData().get(key).trim()),
                        StandardCharsets.UTF_8);
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        if (secret.getStringData() != null && secret.getStringData().get(key) != null
                && !secret.getStringData().get(key).isEmpty()) {
            return Optional.of(secret.getStringData().get(key));
        }
        return Optional.empty();
    }

    public static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
