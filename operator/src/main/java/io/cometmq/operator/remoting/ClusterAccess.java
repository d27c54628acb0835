package io.cometmq.operator.remoting;

import io.cometmq.protocol.auth.SessionCredentials;
import java.util.Optional;

/**
 * How the operator talks to one cluster: the credentials it signs every request with (authentication on) and the CA
 * it trusts when it must use TLS (tls.mode enforcing; a permissive cluster is still spoken to in plain TCP).
 * {@link #toString()} never shows a secret.
 *
 * @param trustedCaPem   the cluster's CA: TLS is used (enforcing), or tried when plain TCP fails (plainFirst)
 * @param previousSigner the inner credentials before their Secret last changed: pods not rolled yet still run with
 *                       them, so a request refused with code 16 is signed again with these (RemotingAdmin)
 * @param plainFirst     tls.mode permissive: plain TCP first, TLS only when the plain connection fails
 */
public record ClusterAccess(Optional<SessionCredentials> signer, Optional<String> trustedCaPem,
        Optional<SessionCredentials> previousSigner, boolean plainFirst) {
    public static final ClusterAccess PLAIN = new ClusterAccess(Optional.empty(), Optional.empty());

    /** TLS (trusting {@code trustedCaPem}) when a CA is given, else plain TCP. */
    public ClusterAccess(Optional<SessionCredentials> signer, Optional<String> trustedCaPem) {
        this(signer, trustedCaPem, Optional.empty(), false);
    }

    public static ClusterAccess signedBy(Optional<SessionCredentials> signer) {
        return new ClusterAccess(signer, Optional.empty());
    }

    /** Whether requests go over TLS first (enforcing). */
    public boolean tls() {
        return trustedCaPem.isPresent() && !plainFirst;
    }

    @Override
    public String toString() {
        return "ClusterAccess[signer=" + signer.map(SessionCredentials::accessKey).orElse("-") + ", tls=" + tls()
                + (previousSigner.isPresent() ? ", previous=" + previousSigner.get().accessKey() : "") + "]";
    }
}
