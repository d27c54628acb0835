package io.cometmq.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on blocking sockets (the HA port), following the same settings as the Netty ports: {@link #accepted} wraps a
 * socket the server accepted according to {@link ServerTls#mode()} (permissive: the first byte decides, 0x16 = a
 * TLS handshake record), {@link #connect} opens a client connection with a {@link ClientSslContext}.
 */
public final class TlsSockets {

    private static final Logger log = LoggerFactory.getLogger(TlsSockets.class);
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private TlsSockets() {
    }

    /** A connection ready for the application's bytes: {@code socket} is the one to close. */
    public record Connection(Socket socket, InputStream in, OutputStream out, boolean tls) {
    }

    /**
     * Applies {@code tls} to a freshly accepted socket (its read timeout bounds the wait for the first byte and the
     * handshake). Throws when the peer does not speak what the mode demands; the socket is then closed and the
     * refusal logged at most once per peer host per minute through {@code refusals}.
     */
    public static Connection accepted(Socket raw, ServerTls tls, PeerLogLimiter refusals) throws IOException {
        if (!tls.enabled()) {
            return new Connection(raw, raw.getInputStream(), raw.getOutputStream(), false);
        }
        try {
            if (tls.mode() == TlsMode.PERMISSIVE) {
                PushbackInputStream in = new PushbackInputStream(raw.getInputStream(), 1);
                int first = in.read();
                if (first < 0) {
                    throw new IOException("connection closed before its first byte");
                }
                if (first != TLS_HANDSHAKE_RECORD) {
                    in.unread(first);
                    return new Connection(raw, in, raw.getOutputStream(), false);
                }
                return serverHandshake(raw, new byte[] {(byte) first}, tls.sslContext());
            }
            return serverHandshake(raw, null, tls.sslContext());
        } catch (IOException e) {
            String host = raw.getInetAddress() == null ? "?" : raw.getInetAddress().getHostAddress();
            if (refusals.shouldLog(host)) {
                log.warn("TLS handshake with {} failed, connection closed: {} (tls.server.mode {}; logged once per "
                        + "peer per minute)", raw.getRemoteSocketAddress(), e.getClass().getSimpleName() + ": "
                        + e.getMessage(), tls.mode().configValue());
            }
            raw.close();
            throw e;
        }
    }

    private static Connection serverHandshake(Socket raw, byte[] consumed, ServerSslContext context)
            throws IOException {
        SSLSocket ssl = (SSLSocket) context.currentJdk().getSocketFactory().createSocket(raw,
                consumed == null ? null : new ByteArrayInputStream(consumed), true);
        ssl.setUseClientMode(false);
        switch (context.clientAuth()) {
            case REQUIRE -> ssl.setNeedClientAuth(true);
            case OPTIONAL -> ssl.setWantClientAuth(true);
            default -> ssl.setWantClientAuth(false);
        }
        ssl.startHandshake();
        return new Connection(ssl, ssl.getInputStream(), ssl.getOutputStream(), true);
    }

    /**
     * Connects to {@code address} (within {@code connectTimeoutMillis}) and, with a {@code tls} context, completes a
     * TLS handshake before returning; the caller sets read timeouts and closes {@link Connection#socket()}.
     */
    public static Connection connect(InetSocketAddress address, int connectTimeoutMillis, ClientSslContext tls)
            throws IOException {
        Socket raw = new Socket();
        try {
            raw.connect(address, connectTimeoutMillis);
            if (tls == null) {
                return new Connection(raw, raw.getInputStream(), raw.getOutputStream(), false);
            }
            raw.setSoTimeout(Math.max(connectTimeoutMillis, 3_000)); // bounds the handshake
            SSLSocket ssl = (SSLSocket) tls.currentJdk().getSocketFactory().createSocket(raw,
                    address.getHostString(), address.getPort(), true);
            ssl.setUseClientMode(true);
            ssl.startHandshake();
            return new Connection(ssl, ssl.getInputStream(), ssl.getOutputStream(), true);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
