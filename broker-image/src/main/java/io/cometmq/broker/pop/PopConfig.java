package io.cometmq.broker.pop;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigKey;
import java.util.function.Function;

/**
 * The broker's POP settings (BrokerConfigKeys section "topic message types and POP consumption").
 *
 * @param reviveQueueNum             queues of the revive log
 * @param reviveIntervalMillis       ms between revive rounds
 * @param popPollingSize             pops held per topic, group and queue
 * @param maxPopPollingSize          pops held in all
 * @param popFromRetryProbability    % of pops that read the retry topic first
 * @param initPopOffsetByCheckMsgInMem a new group starts at offset 0 while that message is still in memory
 * @param enableRetryTopicV2         revive into %RETRY%group+topic instead of %RETRY%group_topic
 * @param retrieveFromRetryTopicV1   pops also read %RETRY%group_topic
 */
public record PopConfig(int reviveQueueNum, long reviveIntervalMillis, int popPollingSize, int maxPopPollingSize,
        int popFromRetryProbability, boolean initPopOffsetByCheckMsgInMem, boolean enableRetryTopicV2,
        boolean retrieveFromRetryTopicV1) {

    /** Reads the keys through {@code value}, which has checked each value against its key's range. */
    public static PopConfig read(Function<ConfigKey, String> value) {
        return new PopConfig(
                Integer.parseInt(value.apply(BrokerConfigKeys.REVIVE_QUEUE_NUM).trim()),
                Long.parseLong(value.apply(BrokerConfigKeys.REVIVE_INTERVAL).trim()),
                Integer.parseInt(value.apply(BrokerConfigKeys.POP_POLLING_SIZE).trim()),
                Integer.parseInt(value.apply(BrokerConfigKeys.MAX_POP_POLLING_SIZE).trim()),
                Integer.parseInt(value.apply(BrokerConfigKeys.POP_FROM_RETRY_PROBABILITY).trim()),
                Boolean.parseBoolean(value.apply(BrokerConfigKeys.INIT_POP_OFFSET_BY_CHECK_MSG_IN_MEM).trim()),
                Boolean.parseBoolean(value.apply(BrokerConfigKeys.ENABLE_RETRY_TOPIC_V2).trim()),
                Boolean.parseBoolean(value.apply(BrokerConfigKeys.RETRIEVE_MESSAGE_FROM_POP_RETRY_TOPIC_V1).trim()));
    }
}
