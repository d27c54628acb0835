package io.cometmq.protocol.body;

import java.util.Map;

/**
 * A topic as a broker holds it. {@code perm} bits: 1 inherit, 2 write, 4 read.
 * {@code topicFilterType} is SINGLE_TAG or MULTI_TAG.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm,
        String topicFilterType, int topicSysFlag, boolean order, Map<String, String> attributes) {

    public static final int PERM_INHERIT = 1;
    public static final int PERM_WRITE = 2;
    public static final int PERM_READ = 4;

    public TopicConfig {
        topicFilterType = topicFilterType == null ? "SINGLE_TAG" : topicFilterType;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static TopicConfig of(String name, int queues, int perm) {
        return new TopicConfig(name, queues, queues, perm, "SINGLE_TAG", 0, false, Map.of());
    }
}
