package io.cometmq.broker.grpc;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * TLS and plaintext on one gRPC port (Apache's proxy's permissive default): each connection's first bytes say
 * whether it starts a TLS handshake, and the connection continues with grpc-netty's TLS or plaintext negotiation.
 * So SDKs work with their default {@code enableSsl(true)} and with {@code enableSsl(false)}.
 */
final class PermissiveTlsNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

    /** A TLS record header: enough to tell a handshake from an HTTP/2 preface. */
    private static final int SNIFF_BYTES = 5;

    private final GrpcTlsContext tls;
    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext =
            InternalProtocolNegotiators.serverPlaintext();

    PermissiveTlsNegotiator(GrpcTlsContext tls) {
        this.tls = tls;
    }

    @Override
    public AsciiString scheme() {
        return AsciiString.of("https");
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new Sniffer(grpcHandler);
    }

    @Override
    public void close() {
        plaintext.close();
    }

    /** Waits for the first bytes, installs the matching negotiation and hands it the pending negotiation event. */
    private final class Sniffer extends ByteToMessageDecoder {

        private final GrpcHttp2ConnectionHandler grpcHandler;
        private ProtocolNegotiationEvent event = InternalProtocolNegotiationEvent.getDefault();

        Sniffer(GrpcHttp2ConnectionHandler grpcHandler) {
            this.grpcHandler = grpcHandler;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < SNIFF_BYTES) {
                return;
            }
            // the TLS negotiation is made per connection, with the certificate current now (rotations apply)
            ChannelHandler next = SslHandler.isEncrypted(in, false)
                    ? InternalProtocolNegotiators.serverTls(tls.current()).newHandler(grpcHandler)
                    : plaintext.newHandler(grpcHandler);
            ctx.pipeline().addAfter(ctx.name(), null, next);
            ctx.fireUserEventTriggered(event);
            ctx.pipeline().remove(this); // passes the buffered bytes on to the new handler
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof ProtocolNegotiationEvent negotiation) {
                event = negotiation; // held until the protocol is known
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }
    }
}
