package io.cometmq.e2e.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;

/**
 * Credentials and TLS of the Apache client. The credentials come from the environment only
 * ({@value #ACCESS_KEY_ENV}, {@value #SECRET_KEY_ENV}; a Job sets them from a Secret): on the command line a secret
 * would show in the Job spec, in {@code ps} and in the test's log. TLS trusts exactly the CA file given.
 */
public final class ClientSecurity {
    public static final String ACCESS_KEY_ENV = "COMETMQ_ACCESS_KEY";
    public static final String SECRET_KEY_ENV = "COMETMQ_SECRET_KEY";
    /** Netty 4.2 checks host names by default and the Apache client never tells it the host (README "TLS"). */
    static final String NETTY_ENDPOINT_VERIFICATION = "io.netty.handler.ssl.defaultEndpointVerificationAlgorithm";

    private final String accessKey;
    private final String secretKey;
    private final Path trustCert;

    private ClientSecurity(String accessKey, String secretKey, Path trustCert) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.trustCert = trustCert;
    }

    /**
     * From the environment and {@code --tls-trust-cert} (null: plain TCP). Both keys or neither; a CA file that
     * cannot be read is refused here, before the client starts and fails with a handshake error far from the cause.
     */
    static ClientSecurity from(Map<String, String> env, Path trustCert) {
        String accessKey = env.get(ACCESS_KEY_ENV);
        String secretKey = env.get(SECRET_KEY_ENV);
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("environment variable " + (accessKey == null ? ACCESS_KEY_ENV
                    : SECRET_KEY_ENV) + " is not set, but " + (accessKey == null ? SECRET_KEY_ENV : ACCESS_KEY_ENV)
                    + " is: give both or neither");
        }
        if (accessKey != null && (accessKey.isBlank() || secretKey.isEmpty())) {
            throw new IllegalArgumentException("environment variable " + (accessKey.isBlank() ? ACCESS_KEY_ENV
                    : SECRET_KEY_ENV) + " is empty");
        }
        if (trustCert != null && !Files.isReadable(trustCert)) {
            throw new IllegalArgumentException("--tls-trust-cert " + trustCert + ": no readable file there");
        }
        return new ClientSecurity(accessKey, secretKey, trustCert);
    }

    /** The hook that signs every request, or null without credentials (the Apache constructors accept null). */
    RPCHook rpcHook() {
        return accessKey == null ? null : new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    Optional<String> accessKey() {
        return Optional.ofNullable(accessKey);
    }

    Optional<Path> trustCert() {
        return Optional.ofNullable(trustCert);
    }

    /**
     * With a CA: TLS for this client, and the process-wide settings the Apache client reads when it builds its TLS
     * context (it has no per-client trust setting). Call before {@code start()}.
     */
    void applyTo(ClientConfig client) {
        if (trustCert == null) {
            return;
        }
        System.setProperty(NETTY_ENDPOINT_VERIFICATION, "NONE");
        TlsSystemConfig.tlsTestModeEnable = false; // Apache's test mode trusts every certificate
        TlsSystemConfig.tlsClientAuthServer = true;
        TlsSystemConfig.tlsClientTrustCertPath = trustCert.toString();
        client.setUseTLS(true);
    }

    /** For the log: who and how, never the secret. */
    @Override
    public String toString() {
        return "user " + accessKey().orElse("(none)") + ", " + trustCert().map(p -> "TLS trusting " + p)
                .orElse("plain TCP");
    }
}
