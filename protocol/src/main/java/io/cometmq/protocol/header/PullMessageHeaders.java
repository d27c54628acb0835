package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361): PullMessageRequestHeader and PullMessageResponseHeader. */
public final class PullMessageHeaders {

    private PullMessageHeaders() {
    }

    /**
     * PullMessageRequestHeader. Wire names: consumerGroup, topic, queueId, queueOffset, maxMsgNums, maxMsgBytes,
     * sysFlag, commitOffset, suspendTimeoutMillis, subscription, expressionType, subVersion.
     */
    public record Request(String group, String topic, int queueId, long offset, int maxMessages, int maxBytes,
            int sysFlag, long commitOffset, long suspendMillis, String subscription, String expressionType,
            long subVersion) {

        public static Request decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Request(f.required("consumerGroup"), f.required("topic"), f.requiredInt("queueId"),
                    f.requiredLong("queueOffset"), f.requiredInt("maxMsgNums"), f.optionalInt("maxMsgBytes",
                    Integer.MAX_VALUE), f.requiredInt("sysFlag"), f.optionalLong("commitOffset", 0),
                    f.optionalLong("suspendTimeoutMillis", 15_000), f.optional("subscription"),
                    f.optional("expressionType", "TAG"), f.optionalLong("subVersion", 0));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("consumerGroup", group).put("topic", topic).put("queueId", queueId)
                    .put("queueOffset", offset).put("maxMsgNums", maxMessages).put("maxMsgBytes", maxBytes)
                    .put("sysFlag", sysFlag).put("commitOffset", commitOffset)
                    .put("suspendTimeoutMillis", suspendMillis).put("subscription", subscription)
                    .put("expressionType", expressionType).put("subVersion", subVersion).map();
        }

        /** Whether a PullSysFlag bit is set. */
        public boolean has(int bit) {
            return (sysFlag & bit) != 0;
        }
    }

    /** PullMessageResponseHeader. */
    public record Response(long suggestWhichBrokerId, long nextBeginOffset, long minOffset, long maxOffset) {

        public static Response decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Response(f.requiredLong("suggestWhichBrokerId"), f.requiredLong("nextBeginOffset"),
                    f.requiredLong("minOffset"), f.requiredLong("maxOffset"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("suggestWhichBrokerId", suggestWhichBrokerId)
                    .put("nextBeginOffset", nextBeginOffset).put("minOffset", minOffset).put("maxOffset", maxOffset)
                    .map();
        }
    }
}
