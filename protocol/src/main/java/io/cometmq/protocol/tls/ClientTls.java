package io.cometmq.protocol.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS for a process's own outgoing remoting connections, as Apache's {@code tls.client.*} settings:
 *
 * <pre>{@code
 * ClientTls.trustAll()                                  // encrypted, any server certificate accepted
 *                                                       // (Apache's client with tls.client.authServer=false)
 * ClientTls.trusting(Path.of("/etc/cometmq/tls/ca.crt")) // the server's chain must lead to this CA
 * ClientTls.trusting(null)                              // ... to a CA of the JVM's default trust store
 *     .withClientCertificate(certPem, keyPem, "")       // for servers with tls.server.need.client.auth=require
 *
 * new RemotingClient(RemotingClient.Config.defaults().withTls(ClientTls.trusting(ca)))
 * }</pre>
 *
 * The server's host name is not checked against its certificate (as Apache's client): brokers are reached by IP
 * addresses that certificates rarely list; trust comes from the CA. PEM files are re-read when their bytes change
 * (checked at each new connection), so a rotated CA file takes effect without a restart.
 *
 * @param authServer     verify the server's certificate chain (false: trust every server certificate)
 * @param trustCertPath  PEM CA certificate(s) to verify against; null: the JVM's default trust store
 * @param certPath       PEM certificate chain to present, or null for none
 * @param keyPath        PEM (PKCS#8) key of {@code certPath}, or null
 * @param keyPassword    password of an encrypted {@code keyPath}; empty or null when not encrypted
 */
public record ClientTls(boolean authServer, Path trustCertPath, Path certPath, Path keyPath, String keyPassword) {

    public ClientTls {
        if ((certPath == null) != (keyPath == null)) {
            throw new IllegalArgumentException("a client certificate needs both certPath and keyPath");
        }
        keyPassword = keyPassword == null ? "" : keyPassword;
    }

    /** Encrypts but trusts every server certificate (Apache's {@code tls.client.authServer=false}). */
    public static ClientTls trustAll() {
        return new ClientTls(false, null, null, null, "");
    }

    /** Verifies the server's chain against the CA certificate(s) in {@code caCertPem} (null: the JVM's defaults). */
    public static ClientTls trusting(Path caCertPem) {
        return new ClientTls(true, caCertPem, null, null, "");
    }

    /** The same, presenting a client certificate. */
    public ClientTls withClientCertificate(Path certPem, Path keyPem, String password) {
        return new ClientTls(authServer, trustCertPath, certPem, keyPem, password);
    }

    /** From a process's {@code tls.enable} / {@code tls.client.*} keys; empty when {@code tls.enable} is false. */
    public static Optional<ClientTls> from(TlsConfig config) {
        if (!config.clientEnable()) {
            return Optional.empty();
        }
        return Optional.of(new ClientTls(config.clientAuthServer(), pathOrNull(config.clientTrustCertPath()),
                pathOrNull(config.clientCertPath()), pathOrNull(config.clientKeyPath()), config.clientKeyPassword()));
    }

    private static Path pathOrNull(String path) {
        return path == null || path.isBlank() ? null : Path.of(path.trim());
    }

    @Override
    public String toString() {
        return "ClientTls[authServer=" + authServer + ", trustCertPath=" + trustCertPath + ", certPath=" + certPath
                + ", keyPath=" + keyPath + (keyPassword.isEmpty() ? "" : ", keyPassword=<redacted>") + "]";
    }
}
