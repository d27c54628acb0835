package io.cometmq.operator.remoting;

import io.cometmq.protocol.auth.SessionCredentials;
import java.util.Optional;

/**
 * How the operator talks to one cluster: the credentials it signs every request with (authentication on) and the CA
 * it trusts when it must use TLS (tls.mode enforcing; a permissive cluster is still spoken to in plain TCP).
 * {@link #toString()} never shows a secret.
 */
public record ClusterAccess(Optional<SessionCredentials> signer, Optional<String> trustedCaPem) {
    public static final ClusterAccess PLAIN = new ClusterAccess(Optional.empty(), Optional.empty());

    public static ClusterAccess signedBy(Optional<SessionCredentials> signer) {
        return new ClusterAccess(signer, Optional.empty());
    }

    public boolean tls() {
        return trustedCaPem.isPresent();
    }

    @Override
    public String toString() {
        return "ClusterAccess[signer=" + signer.map(SessionCredentials::accessKey).orElse("-") + ", tls=" + tls() + "]";
    }
}
