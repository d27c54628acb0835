package io.cometmq.operator.remoting;

import com.fasterxml.jackson.databind.JsonNode;
import io.cometmq.protocol.body.ObjectKeyedJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parts of a GET_CONSUME_STATS (208) answer and a GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) answer that a
 * drain needs, read with {@link ObjectKeyedJson}: offsetTable keys may be fastjson object keys, standard strings
 * holding the MessageQueue JSON, or anything else (then the key text is kept as the topic, and the queue still
 * counts).
 */
public final class ConsumeStatsBody {

    /** One queue of one consumer group: how far the queue got and how far the group consumed. */
    public record QueueOffset(String topic, String brokerName, int queueId, long brokerOffset, long consumerOffset) {
        public long lag() {
            return Math.max(0, brokerOffset - consumerOffset);
        }
    }

    /** Fixed RocketMQ system topics whose offsets say nothing about user messages left on a group. */
    private static final Set<String> SYSTEM_TOPICS = Set.of("SCHEDULE_TOPIC_XXXX", "TRANS_CHECK_MAX_TIME_TOPIC",
            "OFFSET_MOVED_EVENT", "SELF_TEST_TOPIC");

    private ConsumeStatsBody() {}

    /** Every queue of a ConsumeStats body; an empty or missing offsetTable gives an empty list. */
    public static List<QueueOffset> queues(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        JsonNode table = ObjectKeyedJson.read(body).get("offsetTable");
        if (table == null || table.isNull()) {
            return List.of();
        }
        if (!table.isObject()) {
            throw new IllegalArgumentException("offsetTable is " + describe(table) + ", not an object");
        }
        List<QueueOffset> queues = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : table.properties()) {
            queues.add(queue(entry.getKey(), entry.getValue()));
        }
        return queues;
    }

    /** Sum of the lag of every queue whose topic carries user messages (retry topics included). */
    public static long backlog(List<QueueOffset> queues) {
        return queues.stream().filter(q -> !isSystemTopic(q.topic())).mapToLong(QueueOffset::lag).sum();
    }

    /** Group names of a SubscriptionGroupWrapper body ({@code subscriptionGroupTable} keys). */
    public static Set<String> groupNames(byte[] body) {
        Set<String> names = new TreeSet<>();
        if (body == null || body.length == 0) {
            return names;
        }
        JsonNode table = ObjectKeyedJson.read(body).get("subscriptionGroupTable");
        if (table == null || table.isNull()) {
            return names;
        }
        if (!table.isObject()) {
            throw new IllegalArgumentException("subscriptionGroupTable is " + describe(table) + ", not an object");
        }
        table.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public static boolean isSystemTopic(String topic) {
        return topic != null && (topic.toLowerCase(Locale.ROOT).startsWith("rmq_sys_") || SYSTEM_TOPICS.contains(topic));
    }

    private static QueueOffset queue(String key, JsonNode value) {
        // an object key, or a string holding one; any other key is kept as the topic
        JsonNode mq = ObjectKeyedJson.objectKey(key);
        String topic = mq == null ? key : text(mq.get("topic"));
        String brokerName = mq == null ? null : text(mq.get("brokerName"));
        Long queueId = mq == null ? null : asLong(mq.get("queueId"));
        if (!value.isObject()) {
            throw new IllegalArgumentException("offsetTable entry " + key + " is " + describe(value));
        }
        Long brokerOffset = asLong(value.get("brokerOffset"));
        if (brokerOffset == null) {
            throw new IllegalArgumentException("offsetTable entry " + key + " has no brokerOffset");
        }
        Long consumerOffset = asLong(value.get("consumerOffset"));
        return new QueueOffset(topic, brokerName, queueId == null ? -1 : queueId.intValue(), brokerOffset,
                consumerOffset == null ? 0 : consumerOffset);
    }

    /** A number, or a string holding one, as a long; null when absent. */
    private static Long asLong(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().trim()).longValue();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value.textValue() + "' is not a number");
            }
        }
        throw new IllegalArgumentException("expected a number, found " + describe(value));
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String describe(JsonNode value) {
        return value.isObject() ? "an object" : value.isArray() ? "an array"
                : value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + value;
    }
}
