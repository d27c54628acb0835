package io.cometmq.broker.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.body.MessageQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody;
import org.junit.jupiter.api.Test;

/** Our object-keyed maps as the Apache client (fastjson) decodes them. */
class ObjectKeyedJsonTest {

    private static final MessageQueue Q0 = new MessageQueue("Orders", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("Orders", "broker-a", 1);

    @Test
    void writesKeysAsJsonObjectsLikeFastjson() {
        Map<MessageQueue, Long> table = new LinkedHashMap<>();
        table.put(Q0, 100L);
        String json = new ObjectKeyedJson().objectKeyedMap("offsetTable", table).field("skipped", null).toString();
        assertThat(json).isEqualTo("{\"offsetTable\":{{\"topic\":\"Orders\",\"brokerName\":\"broker-a\","
                + "\"queueId\":0}:100}}");
    }

    @Test
    void emptyMapAndPlainFieldsStayValid() {
        String json = new ObjectKeyedJson().field("consumeTps", 1.5).objectKeyedMap("offsetTable", Map.of())
                .toString();
        assertThat(json).isEqualTo("{\"consumeTps\":1.5,\"offsetTable\":{}}");
        ConsumeStats decoded = RemotingSerializable.decode(json.getBytes(), ConsumeStats.class);
        assertThat(decoded.getConsumeTps()).isEqualTo(1.5);
        assertThat(decoded.getOffsetTable()).isEmpty();
    }

    @Test
    void apacheClientDecodesConsumeStats() {
        Map<MessageQueue, QueueStatsProcessor.OffsetWrapper> table = new LinkedHashMap<>();
        table.put(Q0, new QueueStatsProcessor.OffsetWrapper(10, 4, 6, 1_700_000_000_000L));
        table.put(Q1, new QueueStatsProcessor.OffsetWrapper(3, 3, 3, 0));
        byte[] body = new ObjectKeyedJson().field("consumeTps", 2.25).objectKeyedMap("offsetTable", table)
                .toBytes();

        ConsumeStats stats = RemotingSerializable.decode(body, ConsumeStats.class);

        assertThat(stats.getConsumeTps()).isEqualTo(2.25);
        OffsetWrapper q0 = stats.getOffsetTable().get(apache(Q0));
        assertThat(q0.getBrokerOffset()).isEqualTo(10);
        assertThat(q0.getConsumerOffset()).isEqualTo(4);
        assertThat(q0.getPullOffset()).isEqualTo(6);
        assertThat(q0.getLastTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(stats.computeTotalDiff()).isEqualTo(6);
    }

    @Test
    void apacheClientDecodesTopicStatsAndResetOffsetBodies() {
        Map<MessageQueue, QueueStatsProcessor.TopicOffset> offsets = Map.of(Q1,
                new QueueStatsProcessor.TopicOffset(2, 9, 1_700_000_000_123L));
        TopicStatsTable stats = RemotingSerializable.decode(new ObjectKeyedJson()
                .objectKeyedMap("offsetTable", offsets).field("topicPutTps", 0.0).toBytes(), TopicStatsTable.class);
        assertThat(stats.getOffsetTable().get(apache(Q1)).getMaxOffset()).isEqualTo(9);
        assertThat(stats.getOffsetTable().get(apache(Q1)).getMinOffset()).isEqualTo(2);
        assertThat(stats.getOffsetTable().get(apache(Q1)).getLastUpdateTimestamp()).isEqualTo(1_700_000_000_123L);

        ResetOffsetBody reset = RemotingSerializable.decode(new ObjectKeyedJson()
                .objectKeyedMap("offsetTable", Map.of(Q0, 7L)).toBytes(), ResetOffsetBody.class);
        assertThat(reset.getOffsetTable()).containsExactly(Map.entry(apache(Q0), 7L));
    }

    private static org.apache.rocketmq.common.message.MessageQueue apache(MessageQueue queue) {
        return new org.apache.rocketmq.common.message.MessageQueue(queue.topic(), queue.brokerName(),
                queue.queueId());
    }
}
