package io.cometmq.broker.metrics;

import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.protocol.LanguageCode;
import java.util.Locale;
import java.util.Set;

/** Label values as Apache RocketMQ's BrokerMetricsManager writes them. */
final class ApacheLabels {

    static final String REMOTING = "remoting";
    /** Consumer groups with this prefix (compared in lower case) are system groups (MixAll.CID_RMQ_SYS_PREFIX). */
    private static final String SYSTEM_GROUP_PREFIX = "cid_rmq_sys_";
    private static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";
    /** TopicValidator's fixed system topics. */
    private static final Set<String> SYSTEM_TOPICS = Set.of(TopicConfigManager.AUTO_CREATE_TOPIC_KEY,
            TopicConfigManager.SCHEDULE_TOPIC, "BenchmarkTest", "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT");

    private ApacheLabels() {
    }

    static boolean isSystemTopic(String topic) {
        return SYSTEM_TOPICS.contains(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX);
    }

    static boolean isSystemGroup(String group) {
        return group != null && group.toLowerCase(Locale.ROOT).startsWith(SYSTEM_GROUP_PREFIX);
    }

    /** {@code is_system} of the lag families: a system topic or a system group. */
    static String isSystem(String topic, String group) {
        return Boolean.toString(isSystemTopic(topic) || isSystemGroup(group));
    }

    /** {@code language}: the client's language constant in lower case ({@code java}). */
    static String language(LanguageCode language) {
        return language == null ? "other" : language.name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code consume_mode} from the heartbeat's consumeType: ConsumeType.getTypeCN() in lower case (CONSUME_ACTIVELY
     * is {@code pull}, CONSUME_PASSIVELY {@code push}, CONSUME_POP {@code pop}).
     */
    static String consumeMode(String consumeType) {
        if (consumeType == null) {
            return "push";
        }
        return switch (consumeType) {
            case "CONSUME_ACTIVELY" -> "pull";
            case "CONSUME_POP" -> "pop";
            default -> "push";
        };
    }
}
