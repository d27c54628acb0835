package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import java.util.Map;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320), SEND_REPLY_MESSAGE (324) and
 * SEND_REPLY_MESSAGE_V2 (325): the request header in both spellings, and the response header.
 *
 * <pre>
 * V2  V1                     V2  V1
 * a   producerGroup          h   flag
 * b   topic                  i   properties
 * c   defaultTopic           j   reconsumeTimes
 * d   defaultTopicQueueNums  k   unitMode           (not kept)
 * e   queueId                l   maxReconsumeTimes
 * f   sysFlag                m   batch
 * g   bornTimestamp          n   bname              (not kept)
 * </pre>
 */
public final class SendMessageHeaders {

    private SendMessageHeaders() {
    }

    /**
     * SendMessageRequestHeader / SendMessageRequestHeaderV2.
     *
     * @param reconsumeTimes    from a client's fallback retry send (header j), else 0
     * @param maxReconsumeTimes from a client's fallback retry send (header l), null when absent
     */
    public record Request(String producerGroup, String topic, String defaultTopic, int defaultTopicQueueNums,
            int queueId, int sysFlag, long bornTimestamp, int flag, String properties, int reconsumeTimes,
            Integer maxReconsumeTimes, boolean batch) {

        /** Long names for codes 10 and 324, one-letter names for the V2 codes (310, 320, 325). */
        public static boolean usesShortNames(int code) {
            return code != RequestCode.SEND_MESSAGE && code != RequestCode.SEND_REPLY_MESSAGE;
        }

        public static Request decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            if (usesShortNames(command.code())) {
                String max = f.optional("l");
                return new Request(f.required("a"), f.required("b"), f.optional("c", "TBW102"),
                        f.optionalInt("d", 4), f.requiredInt("e"), f.optionalInt("f", 0), f.optionalLong("g", 0),
                        f.optionalInt("h", 0), f.optional("i", ""), f.optionalInt("j", 0),
                        max == null ? null : f.optionalInt("l", 16),
                        f.optionalBoolean("m", false) || command.code() == RequestCode.SEND_BATCH_MESSAGE);
            }
            String max = f.optional("maxReconsumeTimes");
            return new Request(f.required("producerGroup"), f.required("topic"),
                    f.optional("defaultTopic", "TBW102"), f.optionalInt("defaultTopicQueueNums", 4),
                    f.requiredInt("queueId"), f.optionalInt("sysFlag", 0), f.optionalLong("bornTimestamp", 0),
                    f.optionalInt("flag", 0), f.optional("properties", ""), f.optionalInt("reconsumeTimes", 0),
                    max == null ? null : f.optionalInt("maxReconsumeTimes", 16), f.optionalBoolean("batch", false));
        }

        /** The fields for {@code code}, in the spelling that code uses. */
        public Map<String, String> encode(int code) {
            return usesShortNames(code) ? encodeV2() : encodeV1();
        }

        public Map<String, String> encodeV1() {
            return new HeaderFields().put("producerGroup", producerGroup).put("topic", topic)
                    .put("defaultTopic", defaultTopic).put("defaultTopicQueueNums", defaultTopicQueueNums)
                    .put("queueId", queueId).put("sysFlag", sysFlag).put("bornTimestamp", bornTimestamp)
                    .put("flag", flag).put("properties", properties).put("reconsumeTimes", reconsumeTimes)
                    .put("maxReconsumeTimes", maxReconsumeTimes).put("batch", batch).map();
        }

        public Map<String, String> encodeV2() {
            return new HeaderFields().put("a", producerGroup).put("b", topic).put("c", defaultTopic)
                    .put("d", defaultTopicQueueNums).put("e", queueId).put("f", sysFlag).put("g", bornTimestamp)
                    .put("h", flag).put("i", properties).put("j", reconsumeTimes).put("l", maxReconsumeTimes)
                    .put("m", batch).map();
        }
    }

    /**
     * SendMessageResponseHeader plus the two fields RocketMQ's broker adds to it.
     *
     * @param msgId    the offset message id, comma-separated for a batch
     * @param msgRegion field {@code MSG_REGION}: the broker's region id
     * @param traceOn  field {@code TRACE_ON}
     */
    public record Response(String msgId, int queueId, long queueOffset, String transactionId, String msgRegion,
            boolean traceOn) {

        public static final String MSG_REGION = "MSG_REGION";
        public static final String TRACE_ON = "TRACE_ON";

        public static Response decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Response(f.required("msgId"), f.requiredInt("queueId"), f.requiredLong("queueOffset"),
                    f.optional("transactionId"), f.optional(MSG_REGION), f.optionalBoolean(TRACE_ON, false));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("msgId", msgId).put("queueId", queueId).put("queueOffset", queueOffset)
                    .put("transactionId", transactionId).put(MSG_REGION, msgRegion).put(TRACE_ON, traceOn).map();
        }
    }
}
