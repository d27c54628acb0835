package io.cometmq.broker.grpc.client;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.auth.SessionCredentials;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.SocketAddress;
import java.util.function.Consumer;

/**
 * The connection a gRPC client has in this broker's eyes: requests dispatched in-process carry it, so the
 * broker's producer and consumer tables list the client (with its address), and requests the broker writes to it
 * (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED) reach {@code serverRequests} instead of a socket.
 */
public final class VirtualChannel extends EmbeddedChannel {

    private final SocketAddress remote;
    private volatile SessionCredentials credentials;

    public VirtualChannel(SocketAddress remote, Consumer<RemotingCommand> serverRequests) {
        super(DefaultChannelId.newInstance(), new Interceptor(serverRequests));
        this.remote = remote;
    }

    /** Who the client authenticated as (its requests are signed with it), or null without authentication. */
    public SessionCredentials credentials() {
        return credentials;
    }

    public void credentials(SessionCredentials value) {
        this.credentials = value;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    /** Writes are requests of the broker to the client; nothing is queued. */
    private static final class Interceptor extends ChannelOutboundHandlerAdapter {

        private final Consumer<RemotingCommand> serverRequests;

        Interceptor(Consumer<RemotingCommand> serverRequests) {
            this.serverRequests = serverRequests;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof RemotingCommand command && !command.isResponse()) {
                serverRequests.accept(command);
            }
            promise.setSuccess();
        }
    }
}
