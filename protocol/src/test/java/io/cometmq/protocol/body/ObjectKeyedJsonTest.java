package io.cometmq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ConsumerOffsetSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.Test;

/** Our object-keyed bodies as the Apache 5.3.3 classes (fastjson) decode them, and theirs as we read them. */
class ObjectKeyedJsonTest {

    /** The value shapes the broker writes: one queue of ConsumeStats and of TopicStatsTable. */
    record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {
    }

    record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
    }

    private static final MessageQueue Q0 = new MessageQueue("Orders", "broker-a", 0);
    private static final MessageQueue Q1 = new MessageQueue("Orders", "broker-a", 1);

    // ---- writing, decoded by Apache --------------------------------------------------------------------

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
        Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
        table.put(Q0, new OffsetWrapper(10, 4, 6, 1_700_000_000_000L));
        table.put(Q1, new OffsetWrapper(3, 3, 3, 0));
        byte[] body = new ObjectKeyedJson().field("consumeTps", 2.25).objectKeyedMap("offsetTable", table)
                .toBytes();

        ConsumeStats stats = RemotingSerializable.decode(body, ConsumeStats.class);

        assertThat(stats.getConsumeTps()).isEqualTo(2.25);
        org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper q0 = stats.getOffsetTable().get(apache(Q0));
        assertThat(q0.getBrokerOffset()).isEqualTo(10);
        assertThat(q0.getConsumerOffset()).isEqualTo(4);
        assertThat(q0.getPullOffset()).isEqualTo(6);
        assertThat(q0.getLastTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(stats.computeTotalDiff()).isEqualTo(6);
    }

    @Test
    void apacheClientDecodesTopicStatsAndResetOffsetBodies() {
        Map<MessageQueue, TopicOffset> offsets = Map.of(Q1, new TopicOffset(2, 9, 1_700_000_000_123L));
        TopicStatsTable stats = RemotingSerializable.decode(new ObjectKeyedJson()
                .objectKeyedMap("offsetTable", offsets).field("topicPutTps", 0.0).toBytes(), TopicStatsTable.class);
        assertThat(stats.getOffsetTable().get(apache(Q1)).getMaxOffset()).isEqualTo(9);
        assertThat(stats.getOffsetTable().get(apache(Q1)).getMinOffset()).isEqualTo(2);
        assertThat(stats.getOffsetTable().get(apache(Q1)).getLastUpdateTimestamp()).isEqualTo(1_700_000_000_123L);

        ResetOffsetBody reset = RemotingSerializable.decode(new ObjectKeyedJson()
                .objectKeyedMap("offsetTable", Map.of(Q0, 7L)).toBytes(), ResetOffsetBody.class);
        assertThat(reset.getOffsetTable()).containsExactly(Map.entry(apache(Q0), 7L));
    }

    // ---- reading what Apache (fastjson) writes ---------------------------------------------------------

    @Test
    void readsConsumeStatsWrittenByFastjson() throws Exception {
        ConsumeStats stats = new ConsumeStats();
        stats.setConsumeTps(1.5);
        stats.getOffsetTable().put(apache(Q0), apacheOffset(10, 4, 6, 1_700_000_000_000L));
        stats.getOffsetTable().put(apache(Q1), apacheOffset(3, 3, 3, 0));
        String json = stats.toJson();
        assertThat(json).contains("{{"); // fastjson's object key, not a string key

        ObjectNode read = ObjectKeyedJson.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.get("consumeTps").doubleValue()).isEqualTo(1.5);
        assertThat(queueTable(read, OffsetWrapper.class)).containsOnly(
                Map.entry(Q0, new OffsetWrapper(10, 4, 6, 1_700_000_000_000L)),
                Map.entry(Q1, new OffsetWrapper(3, 3, 3, 0)));
    }

    @Test
    void readsTopicStatsAndResetOffsetBodiesWrittenByFastjson() throws Exception {
        TopicStatsTable stats = new TopicStatsTable();
        org.apache.rocketmq.remoting.protocol.admin.TopicOffset offset =
                new org.apache.rocketmq.remoting.protocol.admin.TopicOffset();
        offset.setMinOffset(2);
        offset.setMaxOffset(9);
        offset.setLastUpdateTimestamp(1_700_000_000_123L);
        stats.getOffsetTable().put(apache(Q1), offset);
        assertThat(queueTable(ObjectKeyedJson.read(stats.encode()), TopicOffset.class))
                .containsOnly(Map.entry(Q1, new TopicOffset(2, 9, 1_700_000_000_123L)));

        ResetOffsetBody reset = new ResetOffsetBody();
        reset.setOffsetTable(new ConcurrentHashMap<>(Map.of(apache(Q0), 7L, apache(Q1), 8L)));
        assertThat(queueTable(ObjectKeyedJson.read(reset.encode()), Long.class))
                .containsOnly(Map.entry(Q0, 7L), Map.entry(Q1, 8L));
    }

    @Test
    void readsBareNumericKeysAndPlainBodiesWrittenByFastjson() {
        ConsumerOffsetSerializeWrapper offsets = new ConsumerOffsetSerializeWrapper();
        offsets.getOffsetTable().put("Orders@g", new ConcurrentHashMap<>(Map.of(0, 5L, 1, 7L)));
        String json = offsets.toJson();
        assertThat(json).contains("{0:5");

        JsonNode table = ObjectKeyedJson.read(json.getBytes(StandardCharsets.UTF_8)).get("offsetTable");
        assertThat(table.get("Orders@g").get("0").longValue()).isEqualTo(5);
        assertThat(table.get("Orders@g").get("1").longValue()).isEqualTo(7);

        SubscriptionGroupWrapper groups = new SubscriptionGroupWrapper();
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("g1");
        groups.getSubscriptionGroupTable().put("g1", config);
        JsonNode read = ObjectKeyedJson.read(groups.encode());
        assertThat(read.get("subscriptionGroupTable").fieldNames()).toIterable().containsExactly("g1");
        assertThat(read.get("subscriptionGroupTable").get("g1").get("groupName").textValue()).isEqualTo("g1");
    }

    // ---- reading: key shapes, our own output, strictness -----------------------------------------------

    @Test
    void readsWhatItWrites() {
        Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
        table.put(Q0, new OffsetWrapper(10, 4, 6, 1L));
        table.put(new MessageQueue("t \"quoted\" {x}", "b", 2), new OffsetWrapper(1, 0, 0, 0));
        byte[] body = new ObjectKeyedJson().field("consumeTps", 0.5).objectKeyedMap("offsetTable", table).toBytes();

        assertThat(queueTable(ObjectKeyedJson.read(body), OffsetWrapper.class)).isEqualTo(table);
    }

    @Test
    void objectKeysAndStringKeysHoldingTheObjectReadAlike() {
        ObjectNode read = ObjectKeyedJson.read(bytes("{\"a\":{{\"topic\":\"t\",\"queueId\":3}:1,"
                + "\"{\\\"queueId\\\": 3, \\\"topic\\\": \\\"t\\\"}\":2, \"t@b@0\":3, 17:4}}"));
        List<String> keys = List.copyOf(read.get("a").properties().stream().map(Map.Entry::getKey).toList());

        assertThat(ObjectKeyedJson.objectKey(keys.get(0))).isEqualTo(ObjectKeyedJson.objectKey(keys.get(1)));
        assertThat(ObjectKeyedJson.objectKey(keys.get(0)).get("queueId").intValue()).isEqualTo(3);
        assertThat(keys.subList(2, 4)).containsExactly("t@b@0", "17");
        assertThat(ObjectKeyedJson.objectKey("t@b@0")).isNull();
        assertThat(ObjectKeyedJson.objectKey("17")).isNull();
        assertThat(ObjectKeyedJson.objectKey("{not json")).isNull();
    }

    @Test
    void readsStandardValuesThroughJackson() {
        ObjectNode read = ObjectKeyedJson.read(bytes(" {\"brokerAddrs\":{0:\"10.0.0.1:10911\", 1 : \"10.0.0.2:10911\"},"
                + "\"x\":[true,false,null,-1.25,\"\\u0041\\n\",[],{}]} "));
        assertThat(read.get("brokerAddrs").get("0").textValue()).isEqualTo("10.0.0.1:10911");
        assertThat(read.get("brokerAddrs").get("1").textValue()).isEqualTo("10.0.0.2:10911");
        assertThat(read.get("x").toString()).isEqualTo("[true,false,null,-1.25,\"A\\n\",[],{}]");
    }

    @Test
    void rejectsWhatNoBrokerWritesNamingThePosition() {
        for (String bad : List.of("{\"a\":1} x", "{\"a\":bogus}", "{'a':1}", "{a:1}", "{\"a\":1,}", "{\"a\":}",
                "{\"a\" 1}", "{\"offsetTable\":{{\"topic\":\"t\"}", "{\"a\":\"unterminated}", "[1 2]")) {
            assertThatThrownBy(() -> ObjectKeyedJson.read(bytes(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position");
        }
        assertThatThrownBy(() -> ObjectKeyedJson.read(bytes("[1]"))).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> ObjectKeyedJson.read(new byte[0])).hasMessageContaining("empty");
    }

    private static <V> Map<MessageQueue, V> queueTable(JsonNode body, Class<V> valueType) {
        Map<MessageQueue, V> table = new LinkedHashMap<>();
        body.get("offsetTable").properties().forEach(entry -> {
            try {
                table.put(Json.mapper().treeToValue(ObjectKeyedJson.objectKey(entry.getKey()), MessageQueue.class),
                        Json.mapper().treeToValue(entry.getValue(), valueType));
            } catch (JsonProcessingException e) {
                throw new AssertionError(e);
            }
        });
        return table;
    }

    private static org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper apacheOffset(long broker, long consumer,
            long pull, long timestamp) {
        org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper offset =
                new org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper();
        offset.setBrokerOffset(broker);
        offset.setConsumerOffset(consumer);
        offset.setPullOffset(pull);
        offset.setLastTimestamp(timestamp);
        return offset;
    }

    private static org.apache.rocketmq.common.message.MessageQueue apache(MessageQueue queue) {
        return new org.apache.rocketmq.common.message.MessageQueue(queue.topic(), queue.brokerName(),
                queue.queueId());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
