package io.cometmq.broker.ha;

import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.tls.PeerLogLimiter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Both sides of the HA hello, with the authentication {@link HaProtocol} describes. */
final class HaHandshake {

    private static final Logger log = LoggerFactory.getLogger(HaHandshake.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private HaHandshake() {
    }

    /**
     * Master side: reads the slave's hello and, when authentication is on, checks its credentials; a refused slave
     * is told so ({@link HaProtocol#MAGIC_REFUSED}) and the method throws, so the caller closes the connection. A
     * refusal is logged at most once per peer host and reason per minute ({@code refusals}): a slave retries.
     */
    static HaProtocol.Hello accept(DataInputStream in, DataOutputStream out, HaSecurity security, Socket socket,
            PeerLogLimiter refusals) throws IOException {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        String host = socket.getInetAddress() == null ? peer : socket.getInetAddress().getHostAddress();
        if (HaProtocol.readOpening(in) == HaProtocol.MAGIC) {
            HaProtocol.Hello hello = HaProtocol.readHelloBody(in);
            if (security.authenticationEnabled()) {
                throw refuse(out, peer, host, refusals, "no access key in its hello (a slave without "
                        + "authenticationEnabled or inner credentials, or of an older version)");
            }
            return hello;
        }
        byte[] nonce = new byte[HaProtocol.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        HaProtocol.writeChallenge(out, nonce);
        HaProtocol.AuthenticatedHello hello = HaProtocol.readAuthenticatedHello(in);
        if (!security.authenticationEnabled()) {
            return hello.hello();
        }
        String shownKey = printable(hello.accessKey());
        Optional<SessionCredentials> inner = security.inner();
        if (inner.isEmpty()) {
            throw refuse(out, peer, host, refusals, "access key '" + shownKey + "' cannot be checked: this master "
                    + "has no innerClientAuthenticationCredentials");
        }
        boolean keyMatches = MessageDigest.isEqual(hello.accessKey().getBytes(StandardCharsets.UTF_8),
                inner.get().accessKey().getBytes(StandardCharsets.UTF_8));
        boolean proofMatches = MessageDigest.isEqual(hello.proof(),
                HaProtocol.proof(inner.get().secretKey(), nonce, hello.accessKey(), hello.hello()));
        if (!(keyMatches & proofMatches)) {
            throw refuse(out, peer, host, refusals, "wrong HA credentials for access key '" + shownKey + "'");
        }
        log.info("slave {} authenticated with access key '{}'", peer, shownKey);
        return hello.hello();
    }

    /** Slave side: sends the hello, authenticated when this broker has authentication on and inner credentials. */
    static void hello(DataInputStream in, DataOutputStream out, HaSecurity security, HaProtocol.Hello hello)
            throws IOException {
        Optional<SessionCredentials> credentials = security.slaveCredentials();
        if (credentials.isEmpty()) {
            HaProtocol.writeHello(out, hello);
            return;
        }
        HaProtocol.writeAuthRequest(out);
        byte[] nonce = HaProtocol.readChallenge(in);
        String accessKey = credentials.get().accessKey();
        HaProtocol.writeAuthenticatedHello(out, new HaProtocol.AuthenticatedHello(accessKey,
                HaProtocol.proof(credentials.get().secretKey(), nonce, accessKey, hello), hello));
    }

    private static IOException refuse(DataOutputStream out, String peer, String host, PeerLogLimiter refusals,
            String reason) {
        if (refusals.shouldLog(host + " " + reason)) {
            log.warn("HA connection from {} refused: {} (logged once per peer and reason per minute)", peer, reason);
        }
        try {
            HaProtocol.writeRefusal(out);
        } catch (IOException ignored) {
            // the peer is gone already; it is refused either way
        }
        return new HaProtocol.RefusedException("refused: " + reason);
    }

    /** An access key from the wire, safe for one log line. */
    private static String printable(String accessKey) {
        String cleaned = accessKey.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
    }
}
