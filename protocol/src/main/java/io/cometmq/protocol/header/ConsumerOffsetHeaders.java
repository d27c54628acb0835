package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * Consume and queue offsets: QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15), GET_MAX_OFFSET (30),
 * GET_MIN_OFFSET (31), GET_EARLIEST_MSG_STORETIME (32), SEARCH_OFFSET_BY_TIMESTAMP (29) and their answers.
 */
public final class ConsumerOffsetHeaders {

    private ConsumerOffsetHeaders() {
    }

    /**
     * QueryConsumerOffsetRequestHeader. {@code setZeroIfNotFound} is true unless the field says "false" (absent
     * means true, as in RocketMQ).
     */
    public record QueryConsumerOffset(String consumerGroup, String topic, int queueId, boolean setZeroIfNotFound) {

        public static QueryConsumerOffset decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new QueryConsumerOffset(f.required("consumerGroup"), f.required("topic"),
                    f.requiredInt("queueId"), !"false".equalsIgnoreCase(f.optional("setZeroIfNotFound")));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", consumerGroup).put("topic", topic)
                    .put("queueId", queueId).put("setZeroIfNotFound", setZeroIfNotFound).map();
        }
    }

    /** UpdateConsumerOffsetRequestHeader. */
    public record UpdateConsumerOffset(String consumerGroup, String topic, int queueId, long commitOffset) {

        public static UpdateConsumerOffset decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new UpdateConsumerOffset(f.required("consumerGroup"), f.required("topic"),
                    f.requiredInt("queueId"), f.requiredLong("commitOffset"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", consumerGroup).put("topic", topic)
                    .put("queueId", queueId).put("commitOffset", commitOffset).map();
        }
    }

    /** GetMaxOffsetRequestHeader, GetMinOffsetRequestHeader, GetEarliestMsgStoretimeRequestHeader: one queue. */
    public record Queue(String topic, int queueId) {

        public static Queue decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Queue(f.required("topic"), f.requiredInt("queueId"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("queueId", queueId).map();
        }
    }

    /** SearchOffsetRequestHeader; {@code boundaryType} LOWER (default) or UPPER. */
    public record SearchOffset(String topic, int queueId, long timestamp, String boundaryType) {

        public static SearchOffset decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new SearchOffset(f.required("topic"), f.requiredInt("queueId"), f.requiredLong("timestamp"),
                    f.optional("boundaryType", "LOWER"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("queueId", queueId).put("timestamp", timestamp)
                    .put("boundaryType", boundaryType).map();
        }
    }

    /** The answer of every offset request above: Query/GetMax/GetMin ConsumerOffset and SearchOffset responses. */
    public record OffsetResponse(long offset) {

        public static OffsetResponse decode(RemotingCommand command) {
            return new OffsetResponse(ExtFields.of(command).requiredLong("offset"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("offset", offset).map();
        }
    }

    /** GetEarliestMsgStoretimeResponseHeader. */
    public record StoreTimeResponse(long timestamp) {

        public static StoreTimeResponse decode(RemotingCommand command) {
            return new StoreTimeResponse(ExtFields.of(command).requiredLong("timestamp"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("timestamp", timestamp).map();
        }
    }
}
