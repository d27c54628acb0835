package io.cometmq.broker.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.tls.PeerLogLimiter;
import io.cometmq.protocol.tls.ServerTls;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both sides of the HA hello on a loopback connection: plain, authenticated, refused. */
class HaHandshakeTest {

    private static final SessionCredentials INNER = new SessionCredentials("cometmq-inner", "right-secret-0123");
    private static final HaProtocol.Hello HELLO = new HaProtocol.Hello(4096, 3);

    @Test
    void authenticatedHelloIsAcceptedWithTheMastersInnerCredentials() throws Exception {
        assertThat(handshake(secured(INNER), secured(INNER))).isEqualTo(HELLO);
    }

    @Test
    void wrongSecretOrAccessKeyIsRefusedOnBothSides() throws Exception {
        for (SessionCredentials wrong : new SessionCredentials[] {
                new SessionCredentials("cometmq-inner", "wrong-secret-0123"),
                new SessionCredentials("someone-else", "right-secret-0123")}) {
            assertThatThrownBy(() -> handshake(secured(INNER), secured(wrong)))
                    .hasCauseInstanceOf(HaProtocol.RefusedException.class)
                    .hasMessageContaining("wrong HA credentials for access key '" + wrong.accessKey() + "'")
                    .hasMessageNotContaining(wrong.secretKey());
        }
    }

    @Test
    void plainHelloWorksWithoutAuthenticationAndIsRefusedWithIt() throws Exception {
        assertThat(handshake(HaSecurity.NONE, HaSecurity.NONE)).isEqualTo(HELLO);
        assertThat(handshake(HaSecurity.NONE, secured(INNER))).as("a master without authentication takes both")
                .isEqualTo(HELLO);
        assertThatThrownBy(() -> handshake(secured(INNER), HaSecurity.NONE))
                .hasCauseInstanceOf(HaProtocol.RefusedException.class).hasMessageContaining("no access key");
    }

    @Test
    void proofCoversNonceAccessKeyAndHelloFields() {
        byte[] nonce = new byte[HaProtocol.NONCE_BYTES];
        byte[] other = nonce.clone();
        other[0] = 1;
        byte[] proof = HaProtocol.proof("secret", nonce, "ak", HELLO);
        assertThat(HaProtocol.proof("secret", nonce, "ak", HELLO)).isEqualTo(proof);
        assertThat(HaProtocol.proof("secret", other, "ak", HELLO)).isNotEqualTo(proof);
        assertThat(HaProtocol.proof("secret", nonce, "ak2", HELLO)).isNotEqualTo(proof);
        assertThat(HaProtocol.proof("secret", nonce, "ak", new HaProtocol.Hello(4097, 3))).isNotEqualTo(proof);
        assertThat(HaProtocol.proof("secret", nonce, "ak", new HaProtocol.Hello(4096, 4))).isNotEqualTo(proof);
        assertThat(HaProtocol.proof("secret2", nonce, "ak", HELLO)).isNotEqualTo(proof);
    }

    private static HaSecurity secured(SessionCredentials credentials) {
        return new HaSecurity(ServerTls.DISABLED, null, true, Optional.of(credentials));
    }

    /**
     * Runs the master side on one end of a loopback connection and the slave side on the other, then has the slave
     * read the welcome; returns the hello the master accepted, or throws the master's (or slave's) failure.
     */
    private static HaProtocol.Hello handshake(HaSecurity master, HaSecurity slave) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket slaveSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket masterSocket = listener.accept()) {
            masterSocket.setSoTimeout(5_000);
            slaveSocket.setSoTimeout(5_000);
            CompletableFuture<HaProtocol.Hello> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    DataOutputStream out = new DataOutputStream(
                            new BufferedOutputStream(masterSocket.getOutputStream()));
                    HaProtocol.Hello hello = HaHandshake.accept(new DataInputStream(new BufferedInputStream(
                            masterSocket.getInputStream())), out, master, masterSocket, PeerLogLimiter.perMinute());
                    HaProtocol.writeWelcome(out, new HaProtocol.Welcome(-1, hello.slaveMaxOffset(),
                            java.util.List.of()));
                    return hello;
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            DataInputStream in = new DataInputStream(new BufferedInputStream(slaveSocket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(slaveSocket.getOutputStream()));
            IOException slaveFailure = null;
            try {
                HaHandshake.hello(in, out, slave, HELLO);
                assertThat(HaProtocol.readWelcome(in).startOffset()).isEqualTo(HELLO.slaveMaxOffset());
            } catch (IOException e) {
                slaveFailure = e;
            }
            HaProtocol.Hello hello;
            try {
                hello = accepted.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(slaveFailure).as("the slave learns it was refused").isInstanceOf(
                        HaProtocol.RefusedException.class);
                throw new ExecutionException(e.getCause().getMessage(), e.getCause());
            }
            assertThat(slaveFailure).isNull();
            return hello;
        }
    }
}
