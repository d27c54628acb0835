package io.cometmq.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.LanguageCode;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class RemotingCommandCodecTest {

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void roundTripKeepsEveryField(SerializeType type) {
        RemotingCommand original = RemotingCommand.request(105, Map.of("topic", "TopicTest", "empty", "x"))
                .remark("héllo").flag(2).opaque(77).version(479).language(LanguageCode.GO).serializeType(type)
                .body("payload".getBytes(StandardCharsets.UTF_8));

        RemotingCommand decoded = decodeFrame(encode(original));

        assertThat(decoded.code()).isEqualTo(105);
        assertThat(decoded.opaque()).isEqualTo(77);
        assertThat(decoded.flag()).isEqualTo(2);
        assertThat(decoded.isOneway()).isTrue();
        assertThat(decoded.version()).isEqualTo(479);
        assertThat(decoded.language()).isEqualTo(LanguageCode.GO);
        assertThat(decoded.remark()).isEqualTo("héllo");
        assertThat(decoded.extFields()).containsExactlyInAnyOrderEntriesOf(Map.of("topic", "TopicTest", "empty", "x"));
        assertThat(new String(decoded.body(), StandardCharsets.UTF_8)).isEqualTo("payload");
        assertThat(decoded.serializeType()).isEqualTo(type);
    }

    @ParameterizedTest
    @EnumSource(org.apache.rocketmq.remoting.protocol.SerializeType.class)
    void decodesFramesWrittenByTheApacheEncoder(org.apache.rocketmq.remoting.protocol.SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand apache =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(105, null);
        apache.addExtField("topic", "TopicTest");
        apache.setRemark("r");
        apache.setBody(new byte[] {1, 2, 3});
        apache.setSerializeTypeCurrentRPC(type);
        ByteBuffer frame = apache.encode();

        RemotingCommand decoded = decodeFrame(Unpooled.wrappedBuffer(frame));

        assertThat(decoded.code()).isEqualTo(105);
        assertThat(decoded.opaque()).isEqualTo(apache.getOpaque());
        assertThat(decoded.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(decoded.version()).isEqualTo(apache.getVersion());
        assertThat(decoded.remark()).isEqualTo("r");
        assertThat(decoded.field("topic")).isEqualTo("TopicTest");
        assertThat(decoded.body()).containsExactly(1, 2, 3);
        assertThat(decoded.serializeType().name()).isEqualTo(type.name());
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void apacheDecoderReadsOurFrames(SerializeType type) throws Exception {
        RemotingCommand ours = RemotingCommand.request(106).putField("k", "v").remark("why")
                .serializeType(type).body(new byte[] {9});
        RemotingCommand response = RemotingCommand.responseTo(ours, 17, "no topic").putField("a", 1);
        ByteBuf frame = encode(response);
        frame.skipBytes(4); // Apache's decoder is handed the frame after its length field

        org.apache.rocketmq.remoting.protocol.RemotingCommand apache =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.decode(frame.nioBuffer());
        frame.release();

        assertThat(apache.getCode()).isEqualTo(17);
        assertThat(apache.getOpaque()).isEqualTo(ours.opaque());
        assertThat(apache.isResponseType()).isTrue();
        assertThat(apache.getRemark()).isEqualTo("no topic");
        assertThat(apache.getExtFields()).containsEntry("a", "1");
        assertThat(apache.getSerializeTypeCurrentRPC().name()).isEqualTo(type.name());
    }

    @Test
    void jsonHeaderMatchesTheReferenceRequest() {
        String header = "{\"code\":105,\"extFields\":{\"topic\":\"TopicTest\"},\"flag\":0,\"language\":\"JAVA\","
                + "\"opaque\":7,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}";
        RemotingCommand command = RemotingCommand.request(105, Map.of("topic", "TopicTest")).opaque(7);

        ByteBuf frame = encode(command);
        int length = frame.readInt();
        int headerWord = frame.readInt();
        String written = frame.readCharSequence(headerWord & 0xFFFFFF, StandardCharsets.UTF_8).toString();
        frame.release();

        assertThat(written).isEqualTo(header);
        assertThat(length).isEqualTo(4 + header.length());
        assertThat(headerWord >>> 24).isZero();
    }

    @Test
    void lenientJsonReaderAcceptsNumbersInExtFieldsAndNumericLanguage() {
        String header = "{\"code\":34,\"extFields\":{\"queueId\":3,\"flag\":true},\"language\":9,\"opaque\":1}";
        RemotingCommand decoded = decodeFrame(rawFrame(0, header.getBytes(StandardCharsets.UTF_8)));
        assertThat(decoded.field("queueId")).isEqualTo("3");
        assertThat(decoded.field("flag")).isEqualTo("true");
        assertThat(decoded.language()).isEqualTo(LanguageCode.GO);
    }

    @Test
    void unknownSerializeTypeIsRejectedWithTheTypeInTheMessage() {
        assertThatThrownBy(() -> decodeFrame(rawFrame(7, "{}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(FrameDecodeException.class).hasMessageContaining("unknown serialize type 7");
    }

    @Test
    void truncatedBinaryMapStillIdentifiesTheRequest() {
        ByteBuf header = Unpooled.buffer();
        header.writeShort(105).writeByte(0).writeShort(479).writeInt(42).writeInt(0);
        header.writeInt(0); // no remark
        header.writeInt(100); // map claims 100 bytes, none follow
        byte[] bytes = new byte[header.readableBytes()];
        header.readBytes(bytes);
        header.release();

        assertThatThrownBy(() -> decodeFrame(rawFrame(1, bytes)))
                .isInstanceOf(FrameDecodeException.class)
                .satisfies(e -> assertThat(((FrameDecodeException) e).identified().opaque()).isEqualTo(42));
    }

    /** The offsets and widths of the class comment's tables, read back from an encoded binary frame. */
    @Test
    void binaryFrameHasTheDocumentedLayout() {
        RemotingCommand command = RemotingCommand.request(310, Map.of("ab", "xyz")).remark("rm").flag(2)
                .opaque(0x01020304).version(479).language(LanguageCode.GO).serializeType(SerializeType.ROCKETMQ)
                .body(new byte[] {7, 8});
        ByteBuf frame = encode(command);
        try {
            int headerLength = 13 + 4 + 2 + 4 + (2 + 2 + 4 + 3);
            assertThat(frame.getInt(0)).isEqualTo(4 + headerLength + 2);
            assertThat(frame.getUnsignedByte(4)).isEqualTo((short) 1);
            assertThat(frame.getUnsignedMedium(5)).isEqualTo(headerLength);
            int h = 8;
            assertThat(frame.getShort(h)).isEqualTo((short) 310);
            assertThat(frame.getByte(h + 2)).isEqualTo((byte) LanguageCode.GO.code());
            assertThat(frame.getShort(h + 3)).isEqualTo((short) 479);
            assertThat(frame.getInt(h + 5)).isEqualTo(0x01020304);
            assertThat(frame.getInt(h + 9)).isEqualTo(2);
            assertThat(frame.getInt(h + 13)).isEqualTo(2);
            assertThat(frame.toString(h + 17, 2, StandardCharsets.UTF_8)).isEqualTo("rm");
            int map = h + 17 + 2;
            assertThat(frame.getInt(map)).isEqualTo(2 + 2 + 4 + 3);
            assertThat(frame.getUnsignedShort(map + 4)).isEqualTo(2);
            assertThat(frame.toString(map + 6, 2, StandardCharsets.UTF_8)).isEqualTo("ab");
            assertThat(frame.getInt(map + 8)).isEqualTo(3);
            assertThat(frame.toString(map + 12, 3, StandardCharsets.UTF_8)).isEqualTo("xyz");
            assertThat(frame.getByte(8 + headerLength)).isEqualTo((byte) 7);
            assertThat(frame.readableBytes()).isEqualTo(8 + headerLength + 2);
        } finally {
            frame.release();
        }
    }

    static ByteBuf encode(RemotingCommand command) {
        ByteBuf out = Unpooled.buffer();
        RemotingCommandCodec.encode(command, out);
        return out;
    }

    static RemotingCommand decodeFrame(ByteBuf frame) {
        try {
            frame.skipBytes(4);
            return RemotingCommandCodec.decode(frame);
        } finally {
            frame.release();
        }
    }

    static ByteBuf rawFrame(int type, byte[] header) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(4 + header.length).writeInt((type << 24) | header.length).writeBytes(header);
        return frame;
    }
}
