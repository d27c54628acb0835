package io.cometmq.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RemotingFrameDecoderTest {

    private static final int LIMIT = 1024;

    private final EmbeddedChannel channel = new EmbeddedChannel(new RemotingFrameDecoder(LIMIT));

    @Test
    void reassemblesFramesFedOneByteAtATime() {
        ByteBuf frames = Unpooled.buffer();
        RemotingCommandCodec.encode(request(1), frames);
        RemotingCommandCodec.encode(request(2).serializeType(SerializeType.ROCKETMQ), frames);
        while (frames.isReadable()) {
            channel.writeInbound(frames.readRetainedSlice(1));
        }
        frames.release();

        List<Object> out = drain();
        assertThat(out).hasSize(2);
        assertThat(((RemotingCommand) out.get(0)).opaque()).isEqualTo(1);
        assertThat(((RemotingCommand) out.get(1)).opaque()).isEqualTo(2);
    }

    @Test
    void oversizeFrameIsReportedWithItsSenderAndSkippedWithoutClosing() {
        RemotingCommand big = request(5).body(new byte[LIMIT * 3]);
        ByteBuf frames = Unpooled.buffer();
        RemotingCommandCodec.encode(big, frames);
        RemotingCommandCodec.encode(request(6), frames);
        // deliver in chunks so the decoder must discard across reads
        while (frames.isReadable()) {
            channel.writeInbound(frames.readRetainedSlice(Math.min(100, frames.readableBytes())));
        }
        frames.release();

        List<Object> out = drain();
        assertThat(out).hasSize(2);
        FrameError error = (FrameError) out.get(0);
        assertThat(error.reason()).contains("exceeds the limit of " + LIMIT);
        assertThat(error.identified().opaque()).isEqualTo(5);
        assertThat(error.mustClose()).isFalse();
        assertThat(((RemotingCommand) out.get(1)).opaque()).isEqualTo(6);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void negativeLengthMeansTheStreamIsLost() {
        ByteBuf bad = Unpooled.buffer().writeInt(-5).writeInt(0);
        channel.writeInbound(bad);
        List<Object> out = drain();
        assertThat(out).singleElement().isInstanceOfSatisfying(FrameError.class, e -> {
            assertThat(e.mustClose()).isTrue();
            assertThat(e.reason()).contains("-5");
        });
        // later bytes are ignored rather than misread as frames
        ByteBuf later = Unpooled.buffer();
        RemotingCommandCodec.encode(request(9), later);
        channel.writeInbound(later);
        assertThat(drain()).isEmpty();
    }

    @Test
    void headerLongerThanItsFrameIsInconsistent() {
        ByteBuf bad = Unpooled.buffer().writeInt(8).writeInt(500).writeInt(0);
        channel.writeInbound(bad);
        assertThat(drain()).singleElement().isInstanceOfSatisfying(FrameError.class, e -> {
            assertThat(e.mustClose()).isTrue();
            assertThat(e.reason()).contains("header length 500");
        });
    }

    @Test
    void unparsableHeaderOfAnIdentifiableBinaryRequestKeepsTheConnection() {
        ByteBuf header = Unpooled.buffer();
        header.writeShort(105).writeByte(0).writeShort(479).writeInt(31).writeInt(0).writeInt(999);
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(4 + header.readableBytes()).writeInt((1 << 24) | header.readableBytes()).writeBytes(header);
        header.release();
        RemotingCommandCodec.encode(request(32), frame);
        channel.writeInbound(frame);

        List<Object> out = drain();
        assertThat(out).hasSize(2);
        assertThat(((FrameError) out.get(0)).identified().opaque()).isEqualTo(31);
        assertThat(((FrameError) out.get(0)).mustClose()).isFalse();
        assertThat(((RemotingCommand) out.get(1)).opaque()).isEqualTo(32);
    }

    @Test
    void randomBytesNeverThrowNorProduceCommandsLargerThanTheLimit() {
        Random random = new Random(20261125);
        for (int round = 0; round < 2000; round++) {
            EmbeddedChannel fuzz = new EmbeddedChannel(new RemotingFrameDecoder(LIMIT));
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            if (noise.length >= 4 && random.nextBoolean()) {
                // plausible length prefix so the header parsers are exercised too
                Unpooled.wrappedBuffer(noise).setInt(0, noise.length - 4);
                noise[4] = (byte) random.nextInt(2);
            }
            fuzz.writeInbound(Unpooled.wrappedBuffer(noise));
            Object message;
            while ((message = fuzz.readInbound()) != null) {
                assertThat(message).isInstanceOfAny(RemotingCommand.class, FrameError.class);
                if (message instanceof RemotingCommand command && command.body() != null) {
                    assertThat(command.body().length).isLessThanOrEqualTo(LIMIT);
                }
            }
            fuzz.finishAndReleaseAll();
        }
    }

    private static RemotingCommand request(int opaque) {
        return RemotingCommand.request(105, Map.of("topic", "T")).opaque(opaque);
    }

    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(message);
        }
        return out;
    }
}
