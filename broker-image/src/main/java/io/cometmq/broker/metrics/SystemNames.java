package io.cometmq.broker.metrics;

import java.util.Locale;
import java.util.Set;

/** The {@code is_system} label: Apache RocketMQ's system topics (TopicValidator) and system consumer groups. */
public final class SystemNames {

    /** RocketMQ's fixed system topic names; every {@code rmq_sys_} topic is one too. */
    public static final Set<String> FIXED_TOPICS = Set.of("TBW102", "SCHEDULE_TOPIC_XXXX", "BenchmarkTest",
            "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC",
            "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT", "CHECKPOINT_TOPIC");
    public static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";
    private static final String SYSTEM_GROUP_PREFIX = "cid_rmq_sys_";

    private SystemNames() {
    }

    public static boolean isSystemTopic(String topic) {
        return FIXED_TOPICS.contains(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX);
    }

    public static boolean isSystemGroup(String group) {
        return group != null && group.toLowerCase(Locale.ROOT).startsWith(SYSTEM_GROUP_PREFIX);
    }

    /** For series labelled by topic and group: either one is a system name. */
    public static boolean isSystem(String topic, String group) {
        return isSystemTopic(topic) || isSystemGroup(group);
    }
}
