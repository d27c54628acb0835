package io.cometmq.protocol.codec;

import io.cometmq.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes commands as frames in each command's own serialize type. Stateless, so one instance serves all. */
@Sharable
public final class RemotingCommandEncoder extends MessageToByteEncoder<RemotingCommand> {

    public static final RemotingCommandEncoder INSTANCE = new RemotingCommandEncoder();

    private RemotingCommandEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        RemotingCommandCodec.encode(command, out);
    }
}
