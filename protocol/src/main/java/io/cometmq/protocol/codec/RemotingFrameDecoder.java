package io.cometmq.protocol.codec;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames and decodes them into {@link RemotingCommand}s, never buffering more than
 * {@code maxFrameLength} bytes. Bad input becomes a {@link FrameError}:
 * <ul>
 *   <li>a frame over the limit is skipped as it streams in, after its header has been read to learn who sent it,
 *       so the connection stays usable and the sender gets an error reply;</li>
 *   <li>a frame whose header cannot be parsed but whose length is sound is dropped and reported the same way;</li>
 *   <li>a negative or impossible length leaves no way to find the next frame: the connection must close.</li>
 * </ul>
 */
public final class RemotingFrameDecoder extends ByteToMessageDecoder {

    /** RocketMQ's default limit: length field + frame must fit in 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    /** How much header we are willing to buffer to identify the sender of an oversize frame. */
    private static final int MAX_IDENTIFY_HEADER = 64 * 1024;

    private final int maxFrameLength;
    private long bytesToDiscard;
    private boolean failed;

    public RemotingFrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 64) {
            throw new IllegalArgumentException("maxFrameLength must be at least 64 bytes, was " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (bytesToDiscard > 0) {
            int skip = (int) Math.min(bytesToDiscard, in.readableBytes());
            in.skipBytes(skip);
            bytesToDiscard -= skip;
            if (bytesToDiscard > 0) {
                return;
            }
        }
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            int length = in.getInt(start);
            if (length < 4) {
                fail(in, out, "frame length " + length + " is negative or shorter than the 4-byte header word");
                return;
            }
            long frameSize = 4L + length;
            if (frameSize > maxFrameLength) {
                if (!rejectOversize(in, out, length)) {
                    return; // need more bytes to read the oversize frame's header
                }
                if (bytesToDiscard > 0) {
                    return;
                }
                continue;
            }
            if (in.readableBytes() < frameSize) {
                return;
            }
            in.skipBytes(4);
            ByteBuf frame = in.readSlice(length);
            try {
                out.add(RemotingCommandCodec.decode(frame));
            } catch (FrameDecodeException e) {
                out.add(new FrameError(e.getMessage(), e.identified(), e.identified() == null));
                if (e.identified() == null) {
                    failed = true;
                    in.skipBytes(in.readableBytes());
                    return;
                }
            } catch (RuntimeException e) {
                fail(in, out, "undecodable frame: " + e);
                return;
            }
        }
    }

    /**
     * Reads just enough of an oversize frame to know who sent it, reports it, and arranges for the rest to be
     * skipped. Returns false when more bytes are needed first.
     */
    private boolean rejectOversize(ByteBuf in, List<Object> out, int length) {
        String reason = "frame of " + (4L + length) + " bytes exceeds the limit of " + maxFrameLength + " bytes";
        if (in.readableBytes() < 8) {
            return false;
        }
        int headerWord = in.getInt(in.readerIndex() + 4);
        int headerLength = headerWord & 0xFFFFFF;
        SerializeType type = SerializeType.fromCode((headerWord >>> 24) & 0xFF);
        RemotingCommand identified = null;
        if (type != null && headerLength <= MAX_IDENTIFY_HEADER && headerLength <= length - 4) {
            if (in.readableBytes() < 8 + headerLength) {
                return false;
            }
            try {
                identified = RemotingCommandCodec.decodeHeader(type,
                        in.slice(in.readerIndex() + 8, headerLength));
            } catch (FrameDecodeException e) {
                identified = e.identified();
            }
        }
        out.add(new FrameError(reason, identified, false));
        long remaining = 4L + length;
        int skip = (int) Math.min(remaining, in.readableBytes());
        in.skipBytes(skip);
        bytesToDiscard = remaining - skip;
        return true;
    }

    private void fail(ByteBuf in, List<Object> out, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new FrameError(reason, null, true));
    }
}
