package io.cometmq.protocol.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAckMessageRequestBodyTest {

    @Test
    void readsApachesShortKeysAndBase64BitSet() {
        // what Apache's fastjson writes for acks of offsets 10 and 12 of a check point starting at 10 (bits 0 and 2)
        String json = "{\"acks\":[{\"b\":\"BQ==\",\"c\":\"G\",\"it\":60000,\"pt\":1700000000000,\"q\":1,\"r\":\"0\","
                + "\"rq\":3,\"so\":10,\"t\":\"T\"}],\"brokerName\":\"broker-a\"}";
        BatchAckMessageRequestBody body = Json.decode(json.getBytes(StandardCharsets.UTF_8),
                BatchAckMessageRequestBody.class);
        assertThat(body.brokerName()).isEqualTo("broker-a");
        BatchAckMessageRequestBody.BatchAck ack = body.acks().get(0);
        assertThat(ack.consumerGroup()).isEqualTo("G");
        assertThat(ack.reviveQueueId()).isEqualTo(3);
        assertThat(ack.offsets()).containsExactly(10L, 12L);
    }

    @Test
    void acceptsLongNamesAndRoundTrips() {
        String json = "{\"acks\":[{\"bitSet\":\"AQ==\",\"consumerGroup\":\"G\",\"topic\":\"T\",\"retry\":\"1\","
                + "\"startOffset\":4,\"queueId\":0,\"reviveQueueId\":0,\"popTime\":1,\"invisibleTime\":2}]}";
        BatchAckMessageRequestBody body = Json.decode(json.getBytes(StandardCharsets.UTF_8),
                BatchAckMessageRequestBody.class);
        assertThat(body.acks().get(0).offsets()).containsExactly(4L);
        BatchAckMessageRequestBody.BatchAck built = BatchAckMessageRequestBody.BatchAck.of("G", "T", "0", 100, 2, 1,
                5, 6, List.of(100L, 105L));
        BatchAckMessageRequestBody again = Json.decode(Json.encode(new BatchAckMessageRequestBody("b",
                List.of(built))), BatchAckMessageRequestBody.class);
        assertThat(again.acks().get(0).offsets()).containsExactly(100L, 105L);
    }
}
