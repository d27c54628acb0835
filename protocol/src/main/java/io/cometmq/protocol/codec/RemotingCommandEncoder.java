package io.cometmq.protocol.codec;

import io.cometmq.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes commands as frames in each command's own serialize type. Stateless, so one instance serves all.
 *
 * <p>A command whose body is held as {@link RemotingCommand#bodyParts() parts} is written without copying them: the
 * frame prefix and header go into a pooled buffer, the parts are wrapped, and the transport writes them all with
 * one gathering write straight from wherever the parts live (e.g. the mapped commit log).
 */
@Sharable
public final class RemotingCommandEncoder extends MessageToByteEncoder<RemotingCommand> {

    public static final RemotingCommandEncoder INSTANCE = new RemotingCommandEncoder();

    private RemotingCommandEncoder() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        List<ByteBuffer> parts = msg instanceof RemotingCommand command ? command.bodyParts() : null;
        if (parts == null) {
            super.write(ctx, msg, promise);
            return;
        }
        ByteBuf frame;
        try {
            frame = zeroCopyFrame(ctx, (RemotingCommand) msg, parts);
        } catch (RuntimeException e) {
            throw new EncoderException(e);
        }
        ctx.write(frame, promise);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        RemotingCommandCodec.encode(command, out);
    }

    /** Header in a pooled buffer followed by the parts, wrapped (not copied), as one composite buffer. */
    static ByteBuf zeroCopyFrame(ChannelHandlerContext ctx, RemotingCommand command, List<ByteBuffer> parts) {
        int bodyLength = command.bodyLength();
        ByteBuf header = ctx.alloc().ioBuffer();
        try {
            RemotingCommandCodec.encodeHeader(command, bodyLength, header);
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
        CompositeByteBuf frame = ctx.alloc().compositeDirectBuffer(parts.size() + 1);
        frame.addComponent(true, header);
        for (ByteBuffer part : parts) {
            if (part.hasRemaining()) {
                frame.addComponent(true, Unpooled.wrappedBuffer(part.duplicate()));
            }
        }
        return frame;
    }
}
