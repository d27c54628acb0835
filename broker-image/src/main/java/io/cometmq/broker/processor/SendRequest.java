package io.cometmq.broker.processor;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.header.ExtFields;

/**
 * A SEND_MESSAGE header in either spelling: long names for code 10, one-letter names for V2 (310, 320, 325).
 *
 * @param reconsumeTimes    from a client's fallback retry send (header j), else 0
 * @param maxReconsumeTimes from a client's fallback retry send (header l), null when absent
 */
record SendRequest(String producerGroup, String topic, String defaultTopic, int defaultTopicQueueNums, int queueId,
        int sysFlag, long bornTimestamp, int flag, String properties, int reconsumeTimes,
        Integer maxReconsumeTimes, boolean batch) {

    static SendRequest from(RemotingCommand command) {
        ExtFields f = ExtFields.of(command);
        boolean shortNames = command.code() != RequestCode.SEND_MESSAGE && command.code() != RequestCode.SEND_REPLY_MESSAGE;
        if (shortNames) {
            String max = f.optional("l");
            return new SendRequest(f.required("a"), f.required("b"), f.optional("c", "TBW102"),
                    f.optionalInt("d", 4), f.requiredInt("e"), f.optionalInt("f", 0), f.optionalLong("g", 0),
                    f.optionalInt("h", 0), f.optional("i", ""), f.optionalInt("j", 0),
                    max == null ? null : f.optionalInt("l", 16),
                    f.optionalBoolean("m", false) || command.code() == RequestCode.SEND_BATCH_MESSAGE);
        }
        String max = f.optional("maxReconsumeTimes");
        return new SendRequest(f.required("producerGroup"), f.required("topic"), f.optional("defaultTopic", "TBW102"),
                f.optionalInt("defaultTopicQueueNums", 4), f.requiredInt("queueId"), f.optionalInt("sysFlag", 0),
                f.optionalLong("bornTimestamp", 0), f.optionalInt("flag", 0), f.optional("properties", ""),
                f.optionalInt("reconsumeTimes", 0), max == null ? null : f.optionalInt("maxReconsumeTimes", 16),
                f.optionalBoolean("batch", false));
    }
}
