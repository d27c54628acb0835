package io.cometmq.protocol.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts TLS in front of a server channel's pipeline according to {@link ServerTls#mode()}:
 * <ul>
 * <li>disabled: nothing (the pipeline stays exactly as without TLS support);</li>
 * <li>permissive: Netty's {@link OptionalSslHandler} looks at the first bytes: a TLS record header (first byte
 *     0x16) gets an SslHandler, anything else goes on plain;</li>
 * <li>enforcing: an SslHandler always; a plain client's bytes fail the handshake.</li>
 * </ul>
 * Both take the context {@link ServerSslContext#current() current} when the connection is accepted. A failed
 * handshake closes the connection and is logged at most once per peer host per minute.
 */
public final class ServerTlsHandlers {

    private static final Logger log = LoggerFactory.getLogger(ServerTlsHandlers.class);
    public static final String SSL_HANDLER = "ssl";

    private final ServerTls tls;
    private final HandshakeFailures failures;

    public ServerTlsHandlers(ServerTls tls) {
        this.tls = tls;
        this.failures = new HandshakeFailures(tls.mode(), PeerLogLimiter.perMinute());
    }

    /** Adds the handlers at the front of {@code channel}'s pipeline (call from its initializer). */
    public void install(Channel channel) {
        switch (tls.mode()) {
            case DISABLED -> {
                return;
            }
            case PERMISSIVE -> channel.pipeline().addFirst(SSL_HANDLER,
                    new OptionalSslHandler(tls.sslContext().current()));
            case ENFORCING -> channel.pipeline().addFirst(SSL_HANDLER,
                    tls.sslContext().current().newHandler(channel.alloc()));
        }
        channel.pipeline().addAfter(SSL_HANDLER, "tls-failures", failures);
    }

    /** Closes a connection whose handshake failed, logging it at most once per peer host per minute. */
    @Sharable
    private static final class HandshakeFailures extends ChannelInboundHandlerAdapter {

        private final TlsMode mode;
        private final PeerLogLimiter limiter;

        HandshakeFailures(TlsMode mode, PeerLogLimiter limiter) {
            this.mode = mode;
            this.limiter = limiter;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
                String host = host(ctx.channel().remoteAddress());
                if (limiter.shouldLog(host)) {
                    log.warn("TLS handshake with {} failed, connection closed: {} (tls.server.mode {}; logged once "
                            + "per peer per minute)", ctx.channel().remoteAddress(), reason(completion.cause()),
                            mode.configValue());
                }
                ctx.close();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (sslCause(cause) != null) {
                ctx.close(); // reported by the handshake event
                return;
            }
            ctx.fireExceptionCaught(cause);
        }

        private static String reason(Throwable cause) {
            Throwable ssl = sslCause(cause);
            if (ssl instanceof NotSslRecordException) {
                // its message dumps the received bytes: not for the log
                return "the client sent plain (non-TLS) bytes";
            }
            Throwable shown = ssl != null ? ssl : cause;
            return shown == null ? "unknown" : shown.getClass().getSimpleName() + ": " + shown.getMessage();
        }

        private static Throwable sslCause(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof SSLException) {
                    return t;
                }
            }
            return null;
        }

        private static String host(SocketAddress address) {
            return address instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(address);
        }
    }
}
