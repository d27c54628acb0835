package io.cometmq.broker.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.cometmq.protocol.body.Json;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per consumer group settings: every field of Apache RocketMQ 5.3.3's SubscriptionGroupConfig, named as there.
 *
 * @param consumeMessageOrderly         a FIFO group: gRPC consumers get FIFO settings, POP delivers in order
 * @param retryQueueNums                queues of the group's %RETRY% topic
 * @param retryMaxTimes                 failed deliveries before a message goes to the dead-letter topic
 * @param groupRetryPolicy              delays between deliveries of a failed message (gRPC consumers' backoff)
 * @param whichBrokerWhenConsumeSlowly  broker id suggested to consumers that fell far behind (read from slave)
 * @param groupSysFlag                  Apache's group flags (kept, not used)
 * @param consumeTimeoutMinute          how long a message may be consumed (kept for tools; null: 15)
 * @param subscriptionDataSet           subscriptions declared with the group (kept for tools), or null
 * @param attributes                    the group's attributes (kept for tools)
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
        boolean consumeBroadcastEnable, boolean consumeMessageOrderly, int retryQueueNums, int retryMaxTimes,
        GroupRetryPolicy groupRetryPolicy, long brokerId, long whichBrokerWhenConsumeSlowly,
        boolean notifyConsumerIdsChangedEnable, Integer groupSysFlag, Integer consumeTimeoutMinute,
        Set<SimpleSubscription> subscriptionDataSet, Map<String, String> attributes) {

    /** One entry of subscriptionDataSet (Apache's SimpleSubscriptionData). */
    public record SimpleSubscription(String topic, String expressionType, String expression, long version) {
    }

    private static final Set<String> FIELDS = Arrays.stream(SubscriptionGroupConfig.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    public SubscriptionGroupConfig {
        groupRetryPolicy = groupRetryPolicy == null ? GroupRetryPolicy.DEFAULT : groupRetryPolicy;
        groupSysFlag = groupSysFlag == null ? 0 : groupSysFlag;
        consumeTimeoutMinute = consumeTimeoutMinute == null ? 15 : consumeTimeoutMinute;
        subscriptionDataSet = subscriptionDataSet == null ? null : Set.copyOf(subscriptionDataSet);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The settings before this change, for the fields RocketMQ 4 knew (what most callers set). */
    public SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
            boolean consumeBroadcastEnable, int retryQueueNums, int retryMaxTimes, long brokerId,
            long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable) {
        this(groupName, consumeEnable, consumeFromMinEnable, consumeBroadcastEnable, false, retryQueueNums,
                retryMaxTimes, null, brokerId, whichBrokerWhenConsumeSlowly, notifyConsumerIdsChangedEnable, null,
                null, null, null);
    }

    public static SubscriptionGroupConfig defaults(String group) {
        return new SubscriptionGroupConfig(group, true, true, true, 1, 16, 0, 1, true);
    }

    /**
     * A group from Apache's JSON: the fields it names over the defaults (null values and unknown fields ignored),
     * so a partial body changes only what it names.
     *
     * @throws IllegalArgumentException naming what is wrong (no groupName, a field of the wrong type or value)
     */
    public static SubscriptionGroupConfig overDefaults(JsonNode given) {
        JsonNode name = given.get("groupName");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new IllegalArgumentException("SubscriptionGroupConfig body has no groupName");
        }
        com.fasterxml.jackson.databind.node.ObjectNode merged =
                Json.mapper().valueToTree(defaults(name.asText()));
        given.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull() && FIELDS.contains(field.getKey())) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        try {
            return Json.mapper().treeToValue(merged, SubscriptionGroupConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad SubscriptionGroupConfig of group " + name.asText() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : List.of(message.split("\n")).get(0);
    }
}
