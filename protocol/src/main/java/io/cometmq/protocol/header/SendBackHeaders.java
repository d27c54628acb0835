package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** CONSUMER_SEND_MSG_BACK (36): a consumer hands back a message it could not process. */
public final class SendBackHeaders {

    private SendBackHeaders() {
    }

    /**
     * ConsumerSendMsgBackRequestHeader: the message's commit-log {@code offset}; {@code delayLevel} 0 lets the
     * broker choose, negative sends it straight to the dead-letter topic; {@code maxReconsumeTimes} is null when
     * absent.
     */
    public record SendBack(String group, long offset, int delayLevel, Integer maxReconsumeTimes) {

        public static SendBack decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            String max = f.optional("maxReconsumeTimes");
            return new SendBack(f.required("group"), f.requiredLong("offset"), f.optionalInt("delayLevel", 0),
                    max == null ? null : f.requiredInt("maxReconsumeTimes"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("group", group).put("offset", offset).put("delayLevel", delayLevel)
                    .put("maxReconsumeTimes", maxReconsumeTimes).map();
        }
    }
}
