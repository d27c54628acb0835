package io.cometmq.operator.remoting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parts of a GET_CONSUME_STATS (208) answer and a GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) answer that a
 * drain needs, read leniently: offsetTable keys may be fastjson object keys, standard strings holding the
 * MessageQueue JSON, or anything else (then the key text is kept as the topic, and the queue still counts).
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
    Object table = LenientJson.parseObject(body).get("offsetTable");
    if (table == null) {
      return List.of();
    }
    if (!(table instanceof Map<?, ?> entries)) {
      throw new IllegalArgumentException("offsetTable is " + LenientJson.describe(table) + ", not an object");
    }
    List<QueueOffset> queues = new ArrayList<>();
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
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
    Object table = LenientJson.parseObject(body).get("subscriptionGroupTable");
    if (table == null) {
      return names;
    }
    if (!(table instanceof Map<?, ?> groups)) {
      throw new IllegalArgumentException("subscriptionGroupTable is " + LenientJson.describe(table) + ", not an object");
    }
    groups.keySet().forEach(key -> names.add(String.valueOf(key)));
    return names;
  }

  public static boolean isSystemTopic(String topic) {
    return topic != null && (topic.toLowerCase(Locale.ROOT).startsWith("rmq_sys_") || SYSTEM_TOPICS.contains(topic));
  }

  private static QueueOffset queue(Object key, Object value) {
    Map<?, ?> mq = messageQueue(key);
    String topic = mq == null ? String.valueOf(key) : string(mq.get("topic"));
    String brokerName = mq == null ? null : string(mq.get("brokerName"));
    Long queueId = mq == null ? null : LenientJson.asLong(mq.get("queueId"));
    if (!(value instanceof Map<?, ?> offsets)) {
      throw new IllegalArgumentException("offsetTable entry " + key + " is " + LenientJson.describe(value));
    }
    Long brokerOffset = LenientJson.asLong(offsets.get("brokerOffset"));
    if (brokerOffset == null) {
      throw new IllegalArgumentException("offsetTable entry " + key + " has no brokerOffset");
    }
    Long consumerOffset = LenientJson.asLong(offsets.get("consumerOffset"));
    return new QueueOffset(topic, brokerName, queueId == null ? -1 : queueId.intValue(), brokerOffset,
        consumerOffset == null ? 0 : consumerOffset);
  }

  /** The MessageQueue fields of a key: an object key, or a string holding one; null for other shapes. */
  private static Map<?, ?> messageQueue(Object key) {
    if (key instanceof Map<?, ?> map) {
      return map;
    }
    if (key instanceof String s && s.trim().startsWith("{")) {
      try {
        return LenientJson.parse(s) instanceof Map<?, ?> map ? map : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
