package io.cometmq.broker.ha;

import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.tls.ClientSslContext;
import io.cometmq.protocol.tls.ServerTls;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HA port is secured: TLS as a master ({@code tls.server.mode}) and as a slave ({@code tls.enable}), and the
 * authenticated hello of {@link HaProtocol} with the inner credentials when {@code authenticationEnabled}.
 *
 * @param serverTls             what the master's HA port accepts
 * @param clientTls             TLS for the slave's connection to its master, or null for plain
 * @param authenticationEnabled the master demands an authenticated hello; the slave sends one (with {@code inner})
 * @param inner                 {@code innerClientAuthenticationCredentials}
 */
public record HaSecurity(ServerTls serverTls, ClientSslContext clientTls, boolean authenticationEnabled,
        Optional<SessionCredentials> inner) {

    public static final HaSecurity NONE = new HaSecurity(ServerTls.DISABLED, null, false, Optional.empty());

    public HaSecurity {
        Objects.requireNonNull(serverTls, "serverTls");
        Objects.requireNonNull(inner, "inner");
    }

    /** The credentials a slave proves itself with, when it sends the authenticated hello at all. */
    Optional<SessionCredentials> slaveCredentials() {
        return authenticationEnabled ? inner : Optional.empty();
    }
}
