package io.cometmq.protocol;

/**
 * The topics RocketMQ derives from a consumer group's name: {@code %RETRY%group} holds messages the group sends
 * back for another attempt, {@code %DLQ%group} the ones that ran out of attempts. Clients, brokers and admin
 * tools all spell them this way, so the prefixes live here and nowhere else.
 */
public final class GroupTopics {

    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";

    private GroupTopics() {
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static boolean isRetryTopic(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    /** The group a {@code %RETRY%} topic belongs to. */
    public static String groupOfRetryTopic(String retryTopic) {
        if (!isRetryTopic(retryTopic)) {
            throw new IllegalArgumentException("topic '" + retryTopic + "' is not a retry topic (" + RETRY_PREFIX
                    + "group)");
        }
        return retryTopic.substring(RETRY_PREFIX.length());
    }
}
