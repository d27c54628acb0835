package io.cometmq.broker.meta;

/**
 * Per consumer group settings, named as in RocketMQ.
 *
 * @param retryQueueNums                queues of the group's %RETRY% topic
 * @param retryMaxTimes                 failed deliveries before a message goes to the dead-letter topic
 * @param whichBrokerWhenConsumeSlowly  broker id suggested to consumers that fell far behind (read from slave)
 */
public record SubscriptionGroupConfig(String groupName, boolean consumeEnable, boolean consumeFromMinEnable,
        boolean consumeBroadcastEnable, int retryQueueNums, int retryMaxTimes, long brokerId,
        long whichBrokerWhenConsumeSlowly, boolean notifyConsumerIdsChangedEnable) {

    public static SubscriptionGroupConfig defaults(String group) {
        return new SubscriptionGroupConfig(group, true, true, true, 1, 16, 0, 1, true);
    }
}
