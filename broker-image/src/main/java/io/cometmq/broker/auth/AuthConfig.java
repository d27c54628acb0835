package io.cometmq.broker.auth;

import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ConfigKey;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The broker's ACL 2.0 settings. {@link #toString()} never shows a password or secret key.
 *
 * @param initUser     {@code initAuthenticationUser}: a super user created at start-up if missing
 * @param inner        {@code innerClientAuthenticationCredentials}: the super user internal requests are signed with
 */
public record AuthConfig(boolean authenticationEnabled, boolean authorizationEnabled,
        Optional<SessionCredentials> initUser, Optional<SessionCredentials> inner,
        Set<Integer> authenticationWhitelist, Set<Integer> authorizationWhitelist) {

    public static AuthConfig disabled() {
        return new AuthConfig(false, false, Optional.empty(), Optional.empty(), Set.of(), Set.of());
    }

    /** Reads the keys through {@code value} (effective text, default when unset); bad values name their key. */
    public static AuthConfig read(Function<ConfigKey, String> value) {
        // the provider keys' type accepts only empty or Apache's default class; reading them checks that
        for (ConfigKey provider : java.util.List.of(BrokerConfigKeys.AUTHENTICATION_PROVIDER,
                BrokerConfigKeys.AUTHENTICATION_METADATA_PROVIDER, BrokerConfigKeys.AUTHORIZATION_PROVIDER,
                BrokerConfigKeys.AUTHORIZATION_METADATA_PROVIDER)) {
            value.apply(provider);
        }
        boolean authentication = Boolean.parseBoolean(value.apply(BrokerConfigKeys.AUTHENTICATION_ENABLED).trim());
        boolean authorization = Boolean.parseBoolean(value.apply(BrokerConfigKeys.AUTHORIZATION_ENABLED).trim());
        Optional<SessionCredentials> initUser = initUser(value.apply(BrokerConfigKeys.INIT_AUTHENTICATION_USER));
        String innerText = value.apply(BrokerConfigKeys.INNER_CLIENT_AUTHENTICATION_CREDENTIALS);
        Optional<SessionCredentials> inner = innerText.isBlank() ? Optional.empty()
                : Optional.of(parse(() -> SessionCredentials.parseJson(
                        BrokerConfigKeys.INNER_CLIENT_AUTHENTICATION_CREDENTIALS.name(), innerText)));
        if (authorization && !authentication) {
            throw new ConfigException("key 'authorizationEnabled' needs 'authenticationEnabled=true' (a request "
                    + "without a known user cannot be authorized)");
        }
        return new AuthConfig(authentication, authorization, initUser, inner,
                codes(BrokerConfigKeys.AUTHENTICATION_WHITELIST, value),
                codes(BrokerConfigKeys.AUTHORIZATION_WHITELIST, value));
    }

    /** {"username":"...","password":"..."} as an access key and secret (that is how the client signs with it). */
    private static Optional<SessionCredentials> initUser(String json) {
        if (json.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(() -> SessionCredentials.parseUserJson(
                BrokerConfigKeys.INIT_AUTHENTICATION_USER.name(), json)));
    }

    private static SessionCredentials parse(java.util.function.Supplier<SessionCredentials> parser) {
        try {
            return parser.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Set<Integer> codes(ConfigKey key, Function<ConfigKey, String> value) {
        Set<Integer> codes = new TreeSet<>();
        for (String part : value.apply(key).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                codes.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException("key '" + key.name() + "' must list request codes separated by commas, "
                        + "found '" + part.trim() + "'");
            }
        }
        return Set.copyOf(codes);
    }

    @Override
    public String toString() {
        return "AuthConfig[authenticationEnabled=" + authenticationEnabled + ", authorizationEnabled="
                + authorizationEnabled + ", initUser=" + initUser.map(SessionCredentials::accessKey).orElse("-")
                + ", inner=" + inner.map(SessionCredentials::accessKey).orElse("-") + ", authenticationWhitelist="
                + authenticationWhitelist + ", authorizationWhitelist=" + authorizationWhitelist + "]";
    }
}
