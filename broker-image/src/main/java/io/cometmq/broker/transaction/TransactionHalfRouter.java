package io.cometmq.broker.transaction;

import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.processor.MessageRouter;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.SysFlag;
import java.util.Map;

/**
 * Parks a transaction's half message (PREPARED sysFlag and {@code TRAN_MSG=true}) in queue 0 of
 * RMQ_SYS_TRANS_HALF_TOPIC. The transaction bits are cleared so the store dispatches it to the half queue (the check
 * service reads it there) while consumers of the real topic never see it; REAL_TOPIC / REAL_QID remember where a
 * COMMIT sends it.
 */
public final class TransactionHalfRouter implements MessageRouter {

    private final TopicConfigManager topics;
    private volatile boolean topicsCreated;

    public TransactionHalfRouter(TopicConfigManager topics) {
        this.topics = topics;
    }

    @Override
    public MessageToStore route(MessageToStore message) {
        if (SysFlag.transactionType(message.sysFlag()) != SysFlag.TRANSACTION_PREPARED
                || !"true".equals(message.property(MessageProperties.TRAN_MSG))) {
            return null;
        }
        ensureTopics();
        Map<String, String> properties = MessageProperties.decode(message.properties());
        properties.put(MessageProperties.REAL_TOPIC, message.topic());
        properties.put(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()));
        String uniqueKey = properties.get(MessageProperties.UNIQ_KEY);
        if (uniqueKey != null) {
            properties.put(TransactionNames.TRANSACTION_ID, uniqueKey);
        }
        return new MessageToStore(TransactionNames.HALF_TOPIC, 0, message.flag(), message.body(),
                MessageProperties.encode(properties), message.sysFlag() & ~SysFlag.TRANSACTION_MASK,
                message.bornTimestamp(), message.bornHost(), message.storeHost(), message.reconsumeTimes(), 0);
    }

    /** Created on first use (a master taking a half message), not at start: slaves copy topics from their master. */
    private void ensureTopics() {
        if (!topicsCreated) {
            topics.getOrCreateSystemTopic(TransactionNames.HALF_TOPIC, 1);
            topics.getOrCreateSystemTopic(TransactionNames.OP_TOPIC, 1);
            topicsCreated = true;
        }
    }
}
