package io.cometmq.namesrv.auth;

import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The NameServer's authentication keys (the broker's names). {@link #toString()} and {@link #asMap()} never show a
 * password or secret key.
 *
 * @param inner    {@code innerClientAuthenticationCredentials}: what brokers and the operator sign with
 * @param initUser {@code initAuthenticationUser}: the cluster's initial super user, accepted too (for mqadmin)
 */
public record NameServerAuth(boolean authenticationEnabled, Optional<SessionCredentials> inner,
        Optional<SessionCredentials> initUser) {

    public static final String AUTHENTICATION_ENABLED = "authenticationEnabled";
    public static final String INNER_CREDENTIALS = "innerClientAuthenticationCredentials";
    public static final String INIT_USER = "initAuthenticationUser";
    public static final Set<String> KEYS = Set.of(AUTHENTICATION_ENABLED, INNER_CREDENTIALS, INIT_USER);

    public static NameServerAuth disabled() {
        return new NameServerAuth(false, Optional.empty(), Optional.empty());
    }

    /** Reads the keys; a malformed credential or authentication without any credential fails naming the key. */
    public static NameServerAuth read(Settings settings) {
        boolean enabled = settings.booleanValue(AUTHENTICATION_ENABLED, false);
        Optional<SessionCredentials> inner = credentials(settings, INNER_CREDENTIALS);
        Optional<SessionCredentials> initUser = credentials(settings, INIT_USER);
        if (enabled && inner.isEmpty() && initUser.isEmpty()) {
            throw new ConfigException("key '" + AUTHENTICATION_ENABLED + "' needs '" + INNER_CREDENTIALS + "' (or '"
                    + INIT_USER + "'): nobody could register a broker otherwise");
        }
        return new NameServerAuth(enabled, inner, initUser);
    }

    private static Optional<SessionCredentials> credentials(Settings settings, String key) {
        String json = settings.string(key, "");
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(key.equals(INIT_USER) ? SessionCredentials.parseUserJson(key, json)
                    : SessionCredentials.parseJson(key, json));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The credential whose access key is {@code accessKey}, or empty. */
    public Optional<SessionCredentials> credentialsOf(String accessKey) {
        if (inner.isPresent() && inner.get().accessKey().equals(accessKey)) {
            return inner;
        }
        if (initUser.isPresent() && initUser.get().accessKey().equals(accessKey)) {
            return initUser;
        }
        return Optional.empty();
    }

    /** The keys as GET_NAMESRV_CONFIG shows them: credentials as {@code <redacted>} when set. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(AUTHENTICATION_ENABLED, Boolean.toString(authenticationEnabled));
        map.put(INNER_CREDENTIALS, inner.isPresent() ? BrokerConfigKeys.REDACTED : "");
        map.put(INIT_USER, initUser.isPresent() ? BrokerConfigKeys.REDACTED : "");
        return map;
    }

    @Override
    public String toString() {
        return "NameServerAuth[authenticationEnabled=" + authenticationEnabled + ", inner="
                + inner.map(SessionCredentials::accessKey).orElse("-") + ", initUser="
                + initUser.map(SessionCredentials::accessKey).orElse("-") + "]";
    }
}
