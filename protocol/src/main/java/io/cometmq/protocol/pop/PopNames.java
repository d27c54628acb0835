package io.cometmq.protocol.pop;

/** Names RocketMQ 5's POP consumption uses for its system topics and groups (Apache's KeyBuilder, PopAckConstants). */
public final class PopNames {

    /** Revive queue id that marks a FIFO (orderly) pop: no check point is written for it. */
    public static final int ORDER_REVIVE_QID = 999;
    /** Group that consumes the revive log. */
    public static final String REVIVE_GROUP = "CID_RMQ_SYS_REVIVE_GROUP";
    /** Tags of the revive log's records. */
    public static final String CK_TAG = "ck";
    public static final String ACK_TAG = "ack";
    public static final String BATCH_ACK_TAG = "bAck";

    private static final String RETRY_PREFIX = "%RETRY%";

    private PopNames() {
    }

    /** The cluster's revive log, {@code rmq_sys_REVIVE_LOG_<cluster>}. */
    public static String reviveTopic(String clusterName) {
        return "rmq_sys_REVIVE_LOG_" + clusterName;
    }

    /** Where unacked messages of {@code group} on {@code topic} come back: {@code %RETRY%group_topic}. */
    public static String retryTopicV1(String topic, String group) {
        return RETRY_PREFIX + group + "_" + topic;
    }

    /** Apache's newer form, {@code %RETRY%group+topic} (read always, written with enableRetryTopicV2). */
    public static String retryTopicV2(String topic, String group) {
        return RETRY_PREFIX + group + "+" + topic;
    }

    public static boolean isRetryTopicV2(String topic) {
        return topic.startsWith(RETRY_PREFIX) && topic.indexOf('+') > 0;
    }

    /** The marker handles and offset infos carry for a topic: "0" normal, "1" retry V1, "2" retry V2. */
    public static String retryMarker(String topic) {
        if (isRetryTopicV2(topic)) {
            return "2";
        }
        return topic.startsWith(RETRY_PREFIX) ? "1" : "0";
    }

    /** The topic a handle's marker names, for the consumed {@code topic} and {@code group}. */
    public static String realTopic(String topic, String group, String retryMarker) {
        return switch (retryMarker) {
            case "0" -> topic;
            case "1" -> retryTopicV1(topic, group);
            case "2" -> retryTopicV2(topic, group);
            default -> throw new IllegalArgumentException("retry marker must be 0, 1 or 2, not '" + retryMarker + "'");
        };
    }
}
