package io.cometmq.broker.store.message;

import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageId;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageEncoderTest {
    private static final InetSocketAddress BORN = new InetSocketAddress("10.0.0.1", 50000);
    private static final InetSocketAddress STORE = new InetSocketAddress("10.0.0.2", 10911);
    private final MessageEncoder encoder = new MessageEncoder(4 * 1024 * 1024, true);

    private static MessageToStore.Builder sample(String topic) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("a", "b");
        properties.put(MessageProperties.UNIQ_KEY, "0A000001000018B4AAC2000000000000");
        properties.put(MessageProperties.TAGS, "TagA");
        return MessageToStore.builder(topic).queueId(1).flag(7).body("Hello".getBytes(StandardCharsets.UTF_8))
                .properties(properties).sysFlag(SysFlag.TRANSACTION_COMMIT).bornTimestamp(1_700_000_000_000L)
                .bornHost(BORN).storeHost(STORE).reconsumeTimes(3).preparedTransactionOffset(99);
    }

    private static MessageExt decodeWithApache(MessageRecord record) {
        return MessageDecoder.decode(ByteBuffer.wrap(record.bytes()), true, false);
    }

    @Test
    void apacheDecoderReadsEveryFieldWeWrote() throws Exception {
        MessageRecord record = encoder.encode(sample("TopicTest").build());
        record.stamp(5, 1234, 1_700_000_000_100L);

        MessageExt decoded = decodeWithApache(record);

        assertThat(decoded.getStoreSize()).isEqualTo(record.size());
        assertThat(ByteBuffer.wrap(record.bytes()).getInt(4)).isEqualTo(MessageLayout.MAGIC_V1);
        assertThat(decoded.getBodyCRC()).isEqualTo(UtilAll.crc32("Hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(decoded.getQueueId()).isEqualTo(1);
        assertThat(decoded.getFlag()).isEqualTo(7);
        assertThat(decoded.getQueueOffset()).isEqualTo(5);
        assertThat(decoded.getCommitLogOffset()).isEqualTo(1234);
        assertThat(decoded.getSysFlag()).isEqualTo(SysFlag.TRANSACTION_COMMIT);
        assertThat(decoded.getBornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(decoded.getBornHost()).isEqualTo(BORN);
        assertThat(decoded.getStoreTimestamp()).isEqualTo(1_700_000_000_100L);
        assertThat(decoded.getStoreHost()).isEqualTo(STORE);
        assertThat(decoded.getReconsumeTimes()).isEqualTo(3);
        assertThat(decoded.getPreparedTransactionOffset()).isEqualTo(99);
        assertThat(new String(decoded.getBody(), StandardCharsets.UTF_8)).isEqualTo("Hello");
        assertThat(decoded.getTopic()).isEqualTo("TopicTest");
        assertThat(decoded.getProperties()).containsEntry("a", "b").containsEntry("TAGS", "TagA")
                .containsEntry("UNIQ_KEY", "0A000001000018B4AAC2000000000000");

        String offsetId = OffsetMessageId.encode(record.storeHostBytes(), 1234);
        assertThat(offsetId).isEqualTo("0A00000200002A9F00000000000004D2")
                .isEqualTo(MessageDecoder.createMessageId(STORE, 1234));
        MessageId apacheId = MessageDecoder.decodeMessageId(offsetId);
        assertThat(apacheId.getAddress()).isEqualTo(STORE);
        assertThat(apacheId.getOffset()).isEqualTo(1234);
    }

    @Test
    void ourViewDecodesTheSameFieldsAsApache() {
        MessageRecord record = encoder.encode(sample("TopicTest").build());
        record.stamp(5, 1234, 1_700_000_000_100L);

        StoredMessageView view = new StoredMessageView(ByteBuffer.wrap(record.bytes()));

        assertThat(view.totalSize()).isEqualTo(record.size());
        assertThat(view.queueId()).isEqualTo(1);
        assertThat(view.flag()).isEqualTo(7);
        assertThat(view.queueOffset()).isEqualTo(5);
        assertThat(view.physicalOffset()).isEqualTo(1234);
        assertThat(view.bornHost()).isEqualTo(BORN);
        assertThat(view.storeHost()).isEqualTo(STORE);
        assertThat(view.storeTimestamp()).isEqualTo(1_700_000_000_100L);
        assertThat(view.reconsumeTimes()).isEqualTo(3);
        assertThat(view.preparedTransactionOffset()).isEqualTo(99);
        assertThat(view.body()).asString(StandardCharsets.UTF_8).isEqualTo("Hello");
        assertThat(view.topic()).isEqualTo("TopicTest");
        assertThat(view.tags()).isEqualTo("TagA");
        assertThat(view.offsetMessageId()).isEqualTo("0A00000200002A9F00000000000004D2");
    }

    @Test
    void ipv6HostsSetTheSysFlagBitsAndDecode() throws Exception {
        InetSocketAddress born6 = new InetSocketAddress("fe80::1", 40000);
        InetSocketAddress store6 = new InetSocketAddress("2001:db8::2", 10911);
        MessageRecord record = encoder.encode(sample("TopicTest").bornHost(born6).storeHost(store6).build());
        record.stamp(0, 4096, 1L);

        MessageExt decoded = decodeWithApache(record);

        assertThat(record.sysFlag() & (SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6))
                .isEqualTo(SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6);
        assertThat(decoded.getBornHost()).isEqualTo(born6);
        assertThat(decoded.getStoreHost()).isEqualTo(store6);
        assertThat(decoded.getStoreTimestamp()).isEqualTo(1L);
        String offsetId = OffsetMessageId.encode(record.storeHostBytes(), 4096);
        assertThat(offsetId).hasSize(56);
        assertThat(MessageDecoder.decodeMessageId(offsetId).getOffset()).isEqualTo(4096);
        assertThat(OffsetMessageId.decode(offsetId)).isEqualTo(new OffsetMessageId.Decoded(store6, 4096));
    }

    @Test
    void topicLongerThan127BytesIsWrittenWithMagicV2() {
        String topic = "T".repeat(200);
        MessageRecord record = encoder.encode(sample(topic).build());

        assertThat(ByteBuffer.wrap(record.bytes()).getInt(4)).isEqualTo(MessageLayout.MAGIC_V2);
        assertThat(decodeWithApache(record).getTopic()).isEqualTo(topic);
        assertThat(new StoredMessageView(ByteBuffer.wrap(record.bytes())).topic()).isEqualTo(topic);
    }

    @Test
    void topicLongerThan127BytesIsIllegalWhenV2IsOff() {
        MessageEncoder v1Only = new MessageEncoder(1024, false);
        assertThatThrownBy(() -> v1Only.encode(sample("T".repeat(128)).build()))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidMessageException.Reason.MESSAGE_ILLEGAL))
                .hasMessageContaining("127");
    }

    @Test
    void bodyOverMaxMessageSizeIsIllegal() {
        MessageEncoder small = new MessageEncoder(4, true);
        assertThatThrownBy(() -> small.encode(sample("TopicTest").build()))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidMessageException.Reason.MESSAGE_ILLEGAL))
                .hasMessageContaining("maxMessageSize 4");
    }

    @Test
    void propertiesOver32767BytesAreRefused() {
        String properties = MessageProperties.encode(Map.of("big", "x".repeat(32_800)));
        assertThatThrownBy(() -> encoder.encode(sample("TopicTest").properties(properties).build()))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.reason())
                        .isEqualTo(InvalidMessageException.Reason.PROPERTIES_SIZE_EXCEEDED));
    }

    @Test
    void topicWithIllegalCharactersOrEmptyIsRefused() {
        assertThatThrownBy(() -> encoder.encode(sample("../etc").build())).hasMessageContaining("illegal character");
        assertThatThrownBy(() -> encoder.encode(sample("").build())).hasMessageContaining("empty");
    }

    @Test
    void waitFalsePropertyMeansDoNotWaitForFlush() {
        String properties = MessageProperties.encode(Map.of(MessageProperties.WAIT, "false"));
        assertThat(encoder.encode(sample("TopicTest").properties(properties).build()).waitForFlush()).isFalse();
        assertThat(encoder.encode(sample("TopicTest").build()).waitForFlush()).isTrue();
    }

    @Test
    void halfAndRollbackRecordsTakeNoQueueOffset() {
        assertThat(encoder.encode(sample("T").sysFlag(SysFlag.TRANSACTION_PREPARED).build()).takesQueueOffset())
                .isFalse();
        assertThat(encoder.encode(sample("T").sysFlag(SysFlag.TRANSACTION_ROLLBACK).build()).takesQueueOffset())
                .isFalse();
        assertThat(encoder.encode(sample("T").sysFlag(SysFlag.TRANSACTION_COMMIT).build()).takesQueueOffset())
                .isTrue();
    }
}
