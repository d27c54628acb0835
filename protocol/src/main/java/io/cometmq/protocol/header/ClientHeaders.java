package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * Client connections: HEART_BEAT (34) answer, UNREGISTER_CLIENT (35), GET_CONSUMER_LIST_BY_GROUP (38) and the
 * broker's NOTIFY_CONSUMER_IDS_CHANGED (40) to clients.
 */
public final class ClientHeaders {

    private ClientHeaders() {
    }

    /** The ext fields of a HEART_BEAT answer (RocketMQ has no header class for them). */
    public record HeartbeatResponse(boolean supportHeartbeatV2, boolean subscriptionChanged) {

        public static HeartbeatResponse decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new HeartbeatResponse(f.optionalBoolean("IS_SUPPORT_HEART_BEAT_V2", false),
                    f.optionalBoolean("IS_SUB_CHANGE", false));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("IS_SUPPORT_HEART_BEAT_V2", supportHeartbeatV2)
                    .put("IS_SUB_CHANGE", subscriptionChanged).map();
        }
    }

    /** UnregisterClientRequestHeader; each group is null when the client did not name one. */
    public record UnregisterClient(String clientID, String producerGroup, String consumerGroup) {

        public static UnregisterClient decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new UnregisterClient(f.optional("clientID"), f.optional("producerGroup"),
                    f.optional("consumerGroup"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("clientID", clientID).put("producerGroup", producerGroup)
                    .put("consumerGroup", consumerGroup).map();
        }
    }

    /** GetConsumerListByGroupRequestHeader and NotifyConsumerIdsChangedRequestHeader. */
    public record ConsumerGroupName(String consumerGroup) {

        public static ConsumerGroupName decode(RemotingCommand command) {
            return new ConsumerGroupName(ExtFields.of(command).required("consumerGroup"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", consumerGroup).map();
        }
    }
}
