package io.cometmq.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.cometmq.protocol.body.Json;
import java.io.IOException;
import java.util.Objects;

/**
 * An access key and its secret, as in Apache's {@code SessionCredentials} and in the broker key
 * {@code innerClientAuthenticationCredentials} ({@code {"accessKey":"...","secretKey":"..."}}).
 * {@link #toString()} never shows the secret.
 */
public record SessionCredentials(String accessKey, String secretKey) {

    public SessionCredentials {
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("accessKey must not be empty");
        }
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("secretKey of access key '" + accessKey + "' must not be empty");
        }
    }

    /**
     * Parses {@code {"accessKey":"...","secretKey":"..."}}. A malformed value fails with a message naming
     * {@code key} and never quoting the value (it holds a secret).
     */
    public static SessionCredentials parseJson(String key, String json) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("key '" + key + "' must be JSON like {\"accessKey\":\"...\","
                    + "\"secretKey\":\"...\"} (value not shown: it holds a secret)");
        }
        if (node == null || !node.isObject() || !node.hasNonNull("accessKey") || !node.hasNonNull("secretKey")) {
            throw new IllegalArgumentException("key '" + key + "' must be JSON with \"accessKey\" and \"secretKey\""
                    + " (value not shown: it holds a secret)");
        }
        try {
            return new SessionCredentials(node.get("accessKey").asText(), node.get("secretKey").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key '" + key + "': " + e.getMessage());
        }
    }

    /**
     * Parses {@code {"username":"...","password":"..."}} (the form of {@code initAuthenticationUser}) as an access
     * key and secret, which is how a client signs as that user. Failures name {@code key}, never the value.
     */
    public static SessionCredentials parseUserJson(String key, String json) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.hasNonNull("username") || !node.hasNonNull("password")) {
            throw new IllegalArgumentException("key '" + key + "' must be JSON like {\"username\":\"...\","
                    + "\"password\":\"...\"} (value not shown: it holds a secret)");
        }
        try {
            return new SessionCredentials(node.get("username").asText(), node.get("password").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key '" + key + "': " + e.getMessage()
                    .replace("accessKey", "username").replace("secretKey", "password"));
        }
    }

    /** The JSON form of {@code innerClientAuthenticationCredentials}. */
    public String toJson() {
        return new String(Json.encode(java.util.Map.of("accessKey", accessKey, "secretKey", secretKey)),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionCredentials that && accessKey.equals(that.accessKey)
                && java.security.MessageDigest.isEqual(secretKey.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        that.secretKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Objects.hash(accessKey);
    }

    @Override
    public String toString() {
        return "SessionCredentials[accessKey=" + accessKey + ", secretKey=<redacted>]";
    }
}
