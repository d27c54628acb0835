package io.cometmq.broker.pop;

import io.cometmq.broker.store.message.MessageEncoder;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageRecord;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.SysFlag;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages of a group's POP retry topic: how a revived message is written there, and how one popped from there is
 * handed to the consumer (under the topic it consumes, with its receipt handle already set, as Apache does with
 * popResponseReturnActualRetryTopic=false).
 */
final class RetryMessages {

    /** Message property of a popped message's receipt handle (eight fields). */
    static final String POP_CK = "POP_CK";
    /** When the message was first popped; set on its first revive and kept afterwards. */
    static final String FIRST_POP_TIME = "1ST_POP_TIME";
    /** Properties that would make the store or the consumer treat a revived copy as a delayed message again. */
    private static final List<String> DELAY_PROPERTIES = List.of(MessageProperties.DELAY, "TIMER_DELIVER_MS",
            "TIMER_DELAY_SEC", "TIMER_DELAY_MS", "TIMER_OUT_MS");
    private static final MessageEncoder ENCODER = new MessageEncoder(Integer.MAX_VALUE, true);

    private RetryMessages() {
    }

    /**
     * The copy of an unacked message the revive service writes to {@code retryTopic}: same body, tags, keys and
     * message id (UNIQ_KEY), reconsume times plus one.
     */
    static MessageToStore revived(StoredMessageView original, String retryTopic, long popTime,
            InetSocketAddress storeHost) {
        Map<String, String> properties = new HashMap<>(original.properties());
        DELAY_PROPERTIES.forEach(properties::remove);
        properties.remove(POP_CK);
        properties.putIfAbsent(MessageProperties.UNIQ_KEY, original.offsetMessageId());
        properties.putIfAbsent(FIRST_POP_TIME, Long.toString(popTime));
        int sysFlag = original.sysFlag() & ~SysFlag.TRANSACTION_MASK;
        return new MessageToStore(retryTopic, 0, original.flag(), original.body(),
                MessageProperties.encode(properties), sysFlag, original.bornTimestamp(), original.bornHost(),
                storeHost, original.reconsumeTimes() + 1, 0);
    }

    /**
     * A record read from a retry topic as the consumer gets it: under {@code consumedTopic}, with {@code POP_CK}
     * set, queue offset, commit-log offset and store time unchanged (the message id stays the same).
     */
    static ByteBuffer forConsumer(ByteBuffer record, String consumedTopic, String popCk) {
        StoredMessageView view = new StoredMessageView(record.duplicate());
        String properties = view.property(POP_CK) != null ? view.propertiesString()
                : MessageProperties.append(view.propertiesString(), POP_CK, popCk);
        MessageToStore copy = new MessageToStore(consumedTopic, view.queueId(), view.flag(), view.body(), properties,
                view.sysFlag(), view.bornTimestamp(), view.bornHost(), view.storeHost(), view.reconsumeTimes(),
                view.preparedTransactionOffset());
        MessageRecord encoded = ENCODER.encode(copy);
        encoded.stamp(view.queueOffset(), view.physicalOffset(), view.storeTimestamp());
        return ByteBuffer.wrap(encoded.bytes());
    }
}
