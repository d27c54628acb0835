package io.cometmq.broker.pop;

import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.pop.PopNames;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Turns check points and acks into revive-log messages and back. The tag says what a record is: {@code ck}
 * ({@link CheckPoint}), {@code ack} (an {@link AckRecord} of one offset) or {@code bAck} (an {@link AckRecord} of
 * several); the body is the JSON of the record.
 */
public final class ReviveRecords {

    private ReviveRecords() {
    }

    public static MessageToStore checkPoint(String reviveTopic, int reviveQid, CheckPoint ck,
            InetSocketAddress storeHost, long now) {
        return message(reviveTopic, reviveQid, PopNames.CK_TAG, Json.encode(ck), storeHost, now);
    }

    public static MessageToStore ack(String reviveTopic, int reviveQid, AckRecord ack, InetSocketAddress storeHost,
            long now) {
        String tag = ack.offsets().size() == 1 ? PopNames.ACK_TAG : PopNames.BATCH_ACK_TAG;
        return message(reviveTopic, reviveQid, tag, Json.encode(ack), storeHost, now);
    }

    /** The record a revive-log message holds: a {@link CheckPoint}, an {@link AckRecord}, or null for anything else. */
    public static Object parse(StoredMessageView message) {
        String tag = message.tags();
        if (PopNames.CK_TAG.equals(tag)) {
            return Json.decode(message.body(), CheckPoint.class);
        }
        if (PopNames.ACK_TAG.equals(tag) || PopNames.BATCH_ACK_TAG.equals(tag)) {
            return Json.decode(message.body(), AckRecord.class);
        }
        return null;
    }

    private static MessageToStore message(String topic, int queueId, String tag, byte[] body,
            InetSocketAddress storeHost, long now) {
        return MessageToStore.builder(topic)
                .queueId(queueId)
                .body(body)
                .properties(Map.of(MessageProperties.TAGS, tag))
                .bornTimestamp(now)
                .bornHost(storeHost)
                .storeHost(storeHost)
                .build();
    }
}
