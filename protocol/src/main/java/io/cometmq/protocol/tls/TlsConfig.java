package io.cometmq.protocol.tls;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ConfigKey;
import java.time.Duration;
import java.util.function.Function;

/**
 * TLS settings of one process, from the {@code tls.*} keys of {@link BrokerConfigKeys} (the NameServer reads the
 * same keys). Paths are PEM files, re-read every {@code reloadInterval} when they change. Empty strings mean unset.
 *
 * @param serverMode          what the remoting (and HA) server accepts
 * @param clientEnable        whether this process's own outgoing connections use TLS
 * @param clientAuthServer    whether those connections verify the server's certificate
 */
public record TlsConfig(TlsMode serverMode, String serverCertPath, String serverKeyPath, String serverKeyPassword,
        String serverTrustCertPath, String needClientAuth, boolean clientEnable, String clientTrustCertPath,
        boolean clientAuthServer, String clientCertPath, String clientKeyPath, String clientKeyPassword,
        Duration reloadInterval) {

    public static TlsConfig disabled() {
        return new TlsConfig(TlsMode.DISABLED, "", "", "", "", "none", false, "", false, "", "", "",
                Duration.ofSeconds(10));
    }

    /**
     * Reads the {@code tls.*} keys through {@code value} (which returns the effective text of a key, its default when
     * unset); a server mode other than disabled without a certificate and key fails naming the keys.
     */
    public static TlsConfig read(Function<ConfigKey, String> value) {
        TlsConfig config = new TlsConfig(
                TlsMode.parse(value.apply(BrokerConfigKeys.TLS_SERVER_MODE)),
                value.apply(BrokerConfigKeys.TLS_SERVER_CERT_PATH).trim(),
                value.apply(BrokerConfigKeys.TLS_SERVER_KEY_PATH).trim(),
                value.apply(BrokerConfigKeys.TLS_SERVER_KEY_PASSWORD),
                value.apply(BrokerConfigKeys.TLS_SERVER_TRUST_CERT_PATH).trim(),
                value.apply(BrokerConfigKeys.TLS_SERVER_NEED_CLIENT_AUTH).trim(),
                Boolean.parseBoolean(value.apply(BrokerConfigKeys.TLS_ENABLE).trim()),
                value.apply(BrokerConfigKeys.TLS_CLIENT_TRUST_CERT_PATH).trim(),
                Boolean.parseBoolean(value.apply(BrokerConfigKeys.TLS_CLIENT_AUTH_SERVER).trim()),
                value.apply(BrokerConfigKeys.TLS_CLIENT_CERT_PATH).trim(),
                value.apply(BrokerConfigKeys.TLS_CLIENT_KEY_PATH).trim(),
                value.apply(BrokerConfigKeys.TLS_CLIENT_KEY_PASSWORD),
                Duration.ofMillis(Long.parseLong(value.apply(BrokerConfigKeys.TLS_RELOAD_INTERVAL).trim())));
        if (config.serverMode != TlsMode.DISABLED
                && (config.serverCertPath.isEmpty() || config.serverKeyPath.isEmpty())) {
            throw new ConfigException("key 'tls.server.mode' is " + config.serverMode.configValue()
                    + ": keys 'tls.server.certPath' and 'tls.server.keyPath' must name PEM files");
        }
        if (config.clientCertPath.isEmpty() != config.clientKeyPath.isEmpty()) {
            throw new ConfigException("keys 'tls.client.certPath' and 'tls.client.keyPath' must be set together");
        }
        return config;
    }

    @Override
    public String toString() {
        return "TlsConfig[serverMode=" + serverMode.configValue() + ", serverCertPath=" + serverCertPath
                + ", serverKeyPath=" + serverKeyPath + ", serverTrustCertPath=" + serverTrustCertPath
                + ", needClientAuth=" + needClientAuth + ", clientEnable=" + clientEnable + ", clientTrustCertPath="
                + clientTrustCertPath + ", clientAuthServer=" + clientAuthServer + ", clientCertPath="
                + clientCertPath + ", clientKeyPath=" + clientKeyPath + ", reloadInterval=" + reloadInterval + "]";
    }
}
