package io.cometmq.broker.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cometmq.protocol.body.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a JSON object some of whose maps are keyed by objects, the way fastjson writes a
 * {@code Map<MessageQueue, X>}: {@code {"offsetTable":{{"topic":"t","brokerName":"b","queueId":0}:100}}}. Not
 * standard JSON, but what RocketMQ peers write and read for ConsumeStats, TopicStatsTable and ResetOffsetBody
 * (wire protocol doc §8.8); Jackson cannot produce it, so keys and values are written one by one.
 */
public final class ObjectKeyedJson {

    private final StringBuilder out = new StringBuilder("{");

    /** A plain field, encoded as ordinary JSON. */
    public ObjectKeyedJson field(String name, Object value) {
        if (value != null) {
            name(name).append(encode(value));
        }
        return this;
    }

    /** A map field whose keys are written as JSON objects rather than strings. */
    public ObjectKeyedJson objectKeyedMap(String name, Map<?, ?> map) {
        name(name).append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(encode(entry.getKey())).append(':').append(encode(entry.getValue()));
        }
        out.append('}');
        return this;
    }

    public byte[] toBytes() {
        return (out + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out + "}";
    }

    private StringBuilder name(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        return out.append(encode(name)).append(':');
    }

    private static String encode(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
