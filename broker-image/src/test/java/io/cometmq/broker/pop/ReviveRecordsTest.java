package io.cometmq.broker.pop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.store.message.MessageEncoder;
import io.cometmq.broker.store.message.MessageRecord;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReviveRecordsTest {

    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    private static StoredMessageView stored(MessageToStore message) {
        MessageRecord record = new MessageEncoder(4 * 1024 * 1024, true).encode(message);
        record.stamp(3, 4096, 1_700_000_000_000L);
        return new StoredMessageView(ByteBuffer.wrap(record.bytes()));
    }

    @Test
    void checkPointsAndAcksComeBackAsWritten() {
        CheckPoint ck = new CheckPoint("G", "%RETRY%G_T", 0, 7, 1_000, 60_000, List.of(7L, 9L), 10, "broker-a");
        StoredMessageView ckMessage = stored(ReviveRecords.checkPoint("rmq_sys_REVIVE_LOG_C", 3, ck, HOST, 5));
        assertThat(ckMessage.tags()).isEqualTo("ck");
        assertThat(ckMessage.queueId()).isEqualTo(3);
        assertThat(ReviveRecords.parse(ckMessage)).isEqualTo(ck);
        assertThat(new String(ckMessage.body(), StandardCharsets.UTF_8)).contains("\"o\":[7,9]").contains("\"n\":10");

        AckRecord one = new AckRecord("G", "T", 2, 1_000, List.of(9L), false);
        StoredMessageView ackMessage = stored(ReviveRecords.ack("rmq_sys_REVIVE_LOG_C", 1, one, HOST, 5));
        assertThat(ackMessage.tags()).isEqualTo("ack");
        assertThat(ReviveRecords.parse(ackMessage)).isEqualTo(one);

        AckRecord revived = new AckRecord("G", "T", 2, 1_000, List.of(7L, 9L), true);
        StoredMessageView batch = stored(ReviveRecords.ack("rmq_sys_REVIVE_LOG_C", 1, revived, HOST, 5));
        assertThat(batch.tags()).isEqualTo("bAck");
        assertThat(ReviveRecords.parse(batch)).isEqualTo(revived);
    }

    @Test
    void otherTagsAreNotRecordsAndACorruptBodyIsRefused() {
        assertThat(ReviveRecords.parse(stored(MessageToStore.builder("R").properties(Map.of("TAGS", "x"))
                .body(new byte[] {1}).build()))).isNull();
        StoredMessageView corrupt = stored(MessageToStore.builder("R").properties(Map.of("TAGS", "ck"))
                .body("{not json".getBytes(StandardCharsets.UTF_8)).build());
        assertThatThrownBy(() -> ReviveRecords.parse(corrupt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CheckPoint");
    }

    @Test
    void aRetryMessageIsHandedOutUnderTheConsumedTopicWithItsHandleAndOffsetsKept() {
        MessageToStore retry = MessageToStore.builder("%RETRY%G_T").queueId(0).body("hi".getBytes(StandardCharsets.UTF_8))
                .properties(Map.of("TAGS", "a", "UNIQ_KEY", "ABC")).reconsumeTimes(1).bornTimestamp(42).build();
        StoredMessageView original = stored(retry);
        StoredMessageView handedOut = new StoredMessageView(RetryMessages.forConsumer(original.buffer(), "T",
                "3 100 60000 0 1 b 0 3"));
        assertThat(handedOut.topic()).isEqualTo("T");
        assertThat(handedOut.property("POP_CK")).isEqualTo("3 100 60000 0 1 b 0 3");
        assertThat(handedOut.uniqueKey()).isEqualTo("ABC");
        assertThat(handedOut.queueOffset()).isEqualTo(3);
        assertThat(handedOut.physicalOffset()).isEqualTo(4096);
        assertThat(handedOut.storeTimestamp()).isEqualTo(original.storeTimestamp());
        assertThat(handedOut.reconsumeTimes()).isEqualTo(1);
        assertThat(handedOut.totalSize()).isEqualTo(handedOut.buffer().remaining());
    }

    @Test
    void aRevivedCopyKeepsItsIdAndCountsTheDelivery() {
        StoredMessageView original = stored(MessageToStore.builder("T").body(new byte[] {7})
                .properties(Map.of("TAGS", "a", "DELAY", "3")).build());
        MessageToStore copy = RetryMessages.revived(original, "%RETRY%G_T", 99, HOST);
        assertThat(copy.topic()).isEqualTo("%RETRY%G_T");
        assertThat(copy.reconsumeTimes()).isEqualTo(1);
        assertThat(copy.property("UNIQ_KEY")).isEqualTo(original.offsetMessageId());
        assertThat(copy.property("1ST_POP_TIME")).isEqualTo("99");
        assertThat(copy.property("DELAY")).isNull();
        assertThat(copy.property("TAGS")).isEqualTo("a");
    }
}
