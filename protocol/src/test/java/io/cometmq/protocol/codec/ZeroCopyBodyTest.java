package io.cometmq.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A body given as parts (slices of a mapped file) goes on the wire exactly as the same body given as a byte[]. */
class ZeroCopyBodyTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void partsPutTheSameBytesOnTheWireAsAnArray(SerializeType type) throws IOException {
        MappedByteBuffer mapped = mappedFile(70_000);
        List<ByteBuffer> parts = List.of(slice(mapped, 0, 100), slice(mapped, 100, 0),
                ByteBuffer.wrap(new byte[] {9, 8, 7}).asReadOnlyBuffer(), slice(mapped, 5_000, 65_000));
        byte[] joined = new byte[100 + 3 + 65_000];
        mapped.get(0, joined, 0, 100);
        System.arraycopy(new byte[] {9, 8, 7}, 0, joined, 100, 3);
        mapped.get(5_000, joined, 103, 65_000);

        byte[] viaParts = written(response(type).bodyParts(parts));
        byte[] viaArray = written(response(type).body(joined));

        assertThat(viaParts).isEqualTo(viaArray);
        RemotingCommand decoded = decoded(viaParts);
        assertThat(decoded.body()).isEqualTo(joined);
        assertThat(decoded.field("nextBeginOffset")).isEqualTo("42");
        assertThat(decoded.serializeType()).isEqualTo(type);
        assertThat(parts.get(0).position()).as("the caller's buffers keep their positions").isZero();
    }

    @Test
    void partsAreWrappedNotCopied() throws IOException {
        MappedByteBuffer mapped = mappedFile(4096);
        EmbeddedChannel channel = new EmbeddedChannel(RemotingCommandEncoder.INSTANCE);
        channel.writeOutbound(response(SerializeType.ROCKETMQ).bodyParts(List.of(slice(mapped, 0, 4096))));
        ByteBuf frame = channel.readOutbound();
        try {
            assertThat(frame).isInstanceOf(CompositeByteBuf.class);
            mapped.put(4095, (byte) 0x5A); // after encoding: a copy would not see it
            assertThat(frame.getByte(frame.writerIndex() - 1)).isEqualTo((byte) 0x5A);
        } finally {
            frame.release();
        }
    }

    @Test
    void bodyReadsThePartsOnceAndTheEncoderThenWritesTheArray() {
        RemotingCommand command = response(SerializeType.JSON)
                .bodyParts(List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})));
        assertThat(command.bodyLength()).isEqualTo(3);

        assertThat(command.body()).containsExactly(1, 2, 3);

        assertThat(command.bodyParts()).isNull();
        assertThat(decoded(written(command)).body()).containsExactly(1, 2, 3);
    }

    @Test
    void emptyPartsWriteAFrameWithoutBody() {
        byte[] wire = written(response(SerializeType.ROCKETMQ).bodyParts(List.of()));
        assertThat(wire).isEqualTo(written(response(SerializeType.ROCKETMQ)));
        assertThat(decoded(wire).body()).isNull();
    }

    private static RemotingCommand response(SerializeType type) {
        RemotingCommand request = RemotingCommand.request(11).opaque(7).serializeType(type);
        return RemotingCommand.responseTo(request, 0, "FOUND").putFields(Map.of("nextBeginOffset", "42"));
    }

    private MappedByteBuffer mappedFile(int size) throws IOException {
        try (FileChannel file = FileChannel.open(dir.resolve("segment-" + size), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = file.map(FileChannel.MapMode.READ_WRITE, 0, size);
            for (int i = 0; i < size; i++) {
                map.put(i, (byte) (i * 31 + 7));
            }
            return map;
        }
    }

    private static ByteBuffer slice(MappedByteBuffer mapped, int position, int length) {
        return mapped.slice(position, length).asReadOnlyBuffer();
    }

    /** What the encoder hands the transport, as bytes. */
    private static byte[] written(RemotingCommand command) {
        EmbeddedChannel channel = new EmbeddedChannel(RemotingCommandEncoder.INSTANCE);
        channel.writeOutbound(command);
        ByteBuf frame = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
            channel.finishAndReleaseAll();
        }
    }

    private static RemotingCommand decoded(byte[] wire) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingFrameDecoder(RemotingFrameDecoder.DEFAULT_MAX_FRAME_LENGTH));
        channel.writeInbound(Unpooled.wrappedBuffer(wire));
        RemotingCommand command = channel.readInbound();
        channel.finishAndReleaseAll();
        return command;
    }
}
