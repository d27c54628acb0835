package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** Per-queue progress: GET_TOPIC_STATS_INFO (202), GET_CONSUME_STATS (208), QUERY_CONSUME_TIME_SPAN (303). */
public final class QueueStatsHeaders {

    private QueueStatsHeaders() {
    }

    /** GetTopicStatsInfoRequestHeader. */
    public record TopicStats(String topic) {

        public static TopicStats decode(RemotingCommand command) {
            return new TopicStats(ExtFields.of(command).required("topic"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).map();
        }
    }

    /**
     * GetConsumeStatsRequestHeader: {@code topic} and {@code topicList} (comma-separated) are null when absent;
     * without either, every topic the group has offsets for.
     */
    public record ConsumeStats(String consumerGroup, String topic, String topicList) {

        public static ConsumeStats decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new ConsumeStats(f.required("consumerGroup"), f.optional("topic"), f.optional("topicList"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", consumerGroup).put("topic", topic)
                    .put("topicList", topicList).map();
        }
    }

    /** QueryConsumeTimeSpanRequestHeader. */
    public record ConsumeTimeSpan(String topic, String group) {

        public static ConsumeTimeSpan decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new ConsumeTimeSpan(f.required("topic"), f.required("group"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("group", group).map();
        }
    }
}
