package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET (222) from an admin and RESET_CONSUMER_CLIENT_OFFSET (220) from the broker to
 * its consumers; both use RocketMQ's ResetOffsetRequestHeader.
 */
public final class OffsetResetHeaders {

    private OffsetResetHeaders() {
    }

    /**
     * ResetOffsetRequestHeader; {@code timestamp} < 0 means "now" (the max offset). Field {@code isForce} defaults
     * to true; {@code queueId} and {@code offset} are -1 when absent (all queues, offset by time) and then left out.
     */
    public record ResetOffset(String topic, String group, long timestamp, boolean force, int queueId, long offset) {

        public static ResetOffset decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new ResetOffset(f.required("topic"), f.required("group"), f.requiredLong("timestamp"),
                    f.optionalBoolean("isForce", true), f.optionalInt("queueId", -1), f.optionalLong("offset", -1));
        }

        /** The header of RESET_CONSUMER_CLIENT_OFFSET: every queue of the topic. */
        public static ResetOffset allQueues(String topic, String group, long timestamp, boolean force) {
            return new ResetOffset(topic, group, timestamp, force, -1, -1);
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("group", group).put("timestamp", timestamp)
                    .put("isForce", force).put("queueId", queueId < 0 ? null : queueId)
                    .put("offset", offset < 0 ? null : offset).map();
        }
    }
}
