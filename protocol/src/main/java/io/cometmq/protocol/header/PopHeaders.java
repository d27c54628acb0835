package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * Headers of the POP requests (RocketMQ 5): POP_MESSAGE, ACK_MESSAGE, CHANGE_MESSAGE_INVISIBLETIME and NOTIFICATION,
 * with Apache's wire names. {@code extraInfo} is a receipt handle in the form of
 * {@link io.cometmq.protocol.pop.ReceiptHandle} (8 fields; the gRPC layer's 9-field form is accepted too).
 */
public final class PopHeaders {

    /** {@code queueId} that means "every readable queue of the topic on this broker". */
    public static final int ALL_QUEUES = -1;
    /** {@code initMode}: a group without an offset starts at the queue's minimum offset. */
    public static final int INIT_MODE_MIN = 0;
    /** {@code initMode}: a group without an offset starts at the end (see initPopOffsetByCheckMsgInMem). */
    public static final int INIT_MODE_MAX = 1;

    private PopHeaders() {
    }

    /**
     * PopMessageRequestHeader. Wire names: consumerGroup, topic, queueId, maxMsgNums, invisibleTime, pollTime,
     * bornTime, initMode, expType, exp, order, attemptId.
     *
     * @param queueId       a queue, or {@link #ALL_QUEUES}
     * @param invisibleTime ms a popped message stays invisible unless acked
     * @param pollTime      ms the request may be held when nothing is there (0: answer at once)
     * @param bornTime      the client's clock when it sent the request (a request older than pollTime is late)
     * @param order         FIFO pop: a queue is blocked while messages of its last batch are unacked
     */
    public record PopRequest(String group, String topic, int queueId, int maxMessages, long invisibleTime,
            long pollTime, long bornTime, int initMode, String expressionType, String expression, boolean order,
            String attemptId) {

        public static PopRequest decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new PopRequest(f.required("consumerGroup"), f.required("topic"), f.requiredInt("queueId"),
                    f.requiredInt("maxMsgNums"), f.requiredLong("invisibleTime"), f.requiredLong("pollTime"),
                    f.requiredLong("bornTime"), f.requiredInt("initMode"), f.optional("expType"), f.optional("exp"),
                    f.optionalBoolean("order", false), f.optional("attemptId"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", group).put("topic", topic).put("queueId", queueId)
                    .put("maxMsgNums", maxMessages).put("invisibleTime", invisibleTime).put("pollTime", pollTime)
                    .put("bornTime", bornTime).put("initMode", initMode).put("expType", expressionType)
                    .put("exp", expression).put("order", order).put("attemptId", attemptId).map();
        }
    }

    /**
     * PopMessageResponseHeader. {@code startOffsetInfo}, {@code msgOffsetInfo} and {@code orderCountInfo} are in
     * the formats of {@link io.cometmq.protocol.pop.PopOffsetInfo}; the client builds each message's receipt handle
     * from them.
     */
    public record PopResponse(long popTime, long invisibleTime, int reviveQid, long restNum, String startOffsetInfo,
            String msgOffsetInfo, String orderCountInfo) {

        public static PopResponse decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new PopResponse(f.requiredLong("popTime"), f.requiredLong("invisibleTime"),
                    f.requiredInt("reviveQid"), f.requiredLong("restNum"), f.optional("startOffsetInfo"),
                    f.optional("msgOffsetInfo"), f.optional("orderCountInfo"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("popTime", popTime).put("invisibleTime", invisibleTime)
                    .put("reviveQid", reviveQid).put("restNum", restNum).put("startOffsetInfo", startOffsetInfo)
                    .put("msgOffsetInfo", msgOffsetInfo).put("orderCountInfo", orderCountInfo).map();
        }
    }

    /** AckMessageRequestHeader. Wire names: consumerGroup, topic, queueId, extraInfo, offset. */
    public record AckRequest(String group, String topic, int queueId, String extraInfo, long offset) {

        public static AckRequest decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new AckRequest(f.required("consumerGroup"), f.required("topic"), f.requiredInt("queueId"),
                    f.required("extraInfo"), f.requiredLong("offset"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", group).put("topic", topic).put("queueId", queueId)
                    .put("extraInfo", extraInfo).put("offset", offset).map();
        }
    }

    /**
     * ChangeInvisibleTimeRequestHeader. Wire names: consumerGroup, topic, queueId, extraInfo, offset,
     * invisibleTime.
     */
    public record ChangeInvisibleRequest(String group, String topic, int queueId, String extraInfo, long offset,
            long invisibleTime) {

        public static ChangeInvisibleRequest decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new ChangeInvisibleRequest(f.required("consumerGroup"), f.required("topic"),
                    f.requiredInt("queueId"), f.required("extraInfo"), f.requiredLong("offset"),
                    f.requiredLong("invisibleTime"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", group).put("topic", topic).put("queueId", queueId)
                    .put("extraInfo", extraInfo).put("offset", offset).put("invisibleTime", invisibleTime).map();
        }
    }

    /**
     * ChangeInvisibleTimeResponseHeader: the new handle is the old one with popTime, invisibleTime and reviveQid
     * replaced ({@link io.cometmq.protocol.pop.ReceiptHandle#renewed}).
     */
    public record ChangeInvisibleResponse(long popTime, long invisibleTime, int reviveQid) {

        public static ChangeInvisibleResponse decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new ChangeInvisibleResponse(f.requiredLong("popTime"), f.requiredLong("invisibleTime"),
                    f.requiredInt("reviveQid"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("popTime", popTime).put("invisibleTime", invisibleTime)
                    .put("reviveQid", reviveQid).map();
        }
    }

    /** NotificationRequestHeader: long polling without popping. */
    public record NotificationRequest(String group, String topic, int queueId, long pollTime, long bornTime,
            boolean order, String attemptId) {

        public static NotificationRequest decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new NotificationRequest(f.required("consumerGroup"), f.required("topic"),
                    f.requiredInt("queueId"), f.requiredLong("pollTime"), f.requiredLong("bornTime"),
                    f.optionalBoolean("order", false), f.optional("attemptId"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", group).put("topic", topic).put("queueId", queueId)
                    .put("pollTime", pollTime).put("bornTime", bornTime).put("order", order)
                    .put("attemptId", attemptId).map();
        }
    }

    /** NotificationResponseHeader. */
    public record NotificationResponse(boolean hasMsg, boolean pollingFull) {

        public Map<String, String> encode() {
            return new HeaderFields().put("hasMsg", hasMsg).put("pollingFull", pollingFull).map();
        }
    }
}
