package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * Topic administration on a broker: UPDATE_AND_CREATE_TOPIC (17), GET_TOPIC_CONFIG (351),
 * DELETE_TOPIC_IN_BROKER (215).
 */
public final class TopicAdminHeaders {

    private TopicAdminHeaders() {
    }

    /**
     * CreateTopicRequestHeader (its defaultTopic is not kept); {@code attributes} are the attribute changes, e.g.
     * {@code +message.type=FIFO}, or null.
     */
    public record CreateTopic(String topic, int readQueueNums, int writeQueueNums, int perm, String topicFilterType,
            int topicSysFlag, boolean order, String attributes) {

        /** A topic without attribute changes. */
        public CreateTopic(String topic, int readQueueNums, int writeQueueNums, int perm, String topicFilterType,
                int topicSysFlag, boolean order) {
            this(topic, readQueueNums, writeQueueNums, perm, topicFilterType, topicSysFlag, order, null);
        }

        public static CreateTopic decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new CreateTopic(f.required("topic"), f.requiredInt("readQueueNums"),
                    f.requiredInt("writeQueueNums"), f.requiredInt("perm"), f.optional("topicFilterType",
                    "SINGLE_TAG"), f.optionalInt("topicSysFlag", 0), f.optionalBoolean("order", false),
                    f.optional("attributes"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("readQueueNums", readQueueNums)
                    .put("writeQueueNums", writeQueueNums).put("perm", perm).put("topicFilterType", topicFilterType)
                    .put("topicSysFlag", topicSysFlag).put("order", order).put("attributes", attributes).map();
        }
    }

    /** GetTopicConfigRequestHeader and DeleteTopicRequestHeader: one topic by name. */
    public record Topic(String topic) {

        public static Topic decode(RemotingCommand command) {
            return new Topic(ExtFields.of(command).required("topic"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).map();
        }
    }
}
