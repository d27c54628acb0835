package io.cometmq.broker.store;

import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fixture messages for store tests. */
public final class TestMessages {
    public static final InetSocketAddress BORN_HOST = new InetSocketAddress("10.0.0.1", 50000);
    public static final InetSocketAddress STORE_HOST = new InetSocketAddress("10.0.0.2", 10911);

    private TestMessages() {
    }

    public static MessageToStore message(String topic, int queueId, String body) {
        return message(topic, queueId, body, null, null);
    }

    public static MessageToStore message(String topic, int queueId, String body, String tags, String keys) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (tags != null) {
            properties.put(MessageProperties.TAGS, tags);
        }
        if (keys != null) {
            properties.put(MessageProperties.KEYS, keys);
        }
        return MessageToStore.builder(topic)
                .queueId(queueId)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .properties(properties)
                .bornTimestamp(1_700_000_000_000L)
                .bornHost(BORN_HOST)
                .storeHost(STORE_HOST)
                .build();
    }
}
