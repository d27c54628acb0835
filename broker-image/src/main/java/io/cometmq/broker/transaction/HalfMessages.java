package io.cometmq.broker.transaction;

import io.cometmq.broker.store.commitlog.AppendResult;
import io.cometmq.broker.store.message.MessageEncoder;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageRecord;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.SysFlag;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** The messages derived from a stored half message: its committed form, its re-checked copy, its discarded form. */
final class HalfMessages {

    private HalfMessages() {
    }

    /** The visible message a COMMIT stores: real topic and queue back, COMMIT bits, pointing at the half record. */
    static MessageToStore committed(StoredMessageView half, InetSocketAddress storeHost) {
        Map<String, String> properties = new HashMap<>(half.properties());
        String topic = properties.remove(MessageProperties.REAL_TOPIC);
        String queue = properties.remove(MessageProperties.REAL_QUEUE_ID);
        properties.remove(MessageProperties.TRAN_MSG);
        properties.remove(TransactionNames.CHECK_TIMES);
        if (topic == null || queue == null) {
            throw new IllegalStateException("half message at commit-log offset " + half.physicalOffset()
                    + " has no REAL_TOPIC/REAL_QID");
        }
        int sysFlag = (half.sysFlag() & ~SysFlag.TRANSACTION_MASK) | SysFlag.TRANSACTION_COMMIT;
        return new MessageToStore(topic, Integer.parseInt(queue), half.flag(), half.body(),
                MessageProperties.encode(properties), sysFlag, half.bornTimestamp(), half.bornHost(), storeHost,
                half.reconsumeTimes(), half.physicalOffset());
    }

    /** A fresh copy at the end of the half queue, counting one more check. */
    static MessageToStore checkedCopy(StoredMessageView half, int checkTimes, InetSocketAddress storeHost) {
        Map<String, String> properties = new HashMap<>(half.properties());
        properties.put(TransactionNames.CHECK_TIMES, Integer.toString(checkTimes));
        return copy(half, TransactionNames.HALF_TOPIC, 0, properties, storeHost);
    }

    /** Where a half message goes when its checks are exhausted. */
    static MessageToStore discarded(StoredMessageView half, InetSocketAddress storeHost) {
        return copy(half, TransactionNames.CHECK_MAX_TOPIC, 0, new HashMap<>(half.properties()), storeHost);
    }

    /**
     * The CHECK_TRANSACTION_STATE body (§6.3): the stored copy encoded in the record layout with the real topic and
     * queue, stamped with the copy's offsets and store time.
     */
    static byte[] checkBody(MessageToStore copy, AppendResult stored, MessageEncoder encoder) {
        String topic = MessageProperties.valueOf(copy.properties(), MessageProperties.REAL_TOPIC);
        String queue = MessageProperties.valueOf(copy.properties(), MessageProperties.REAL_QUEUE_ID);
        MessageToStore real = new MessageToStore(topic != null ? topic : copy.topic(),
                queue != null ? Integer.parseInt(queue) : copy.queueId(), copy.flag(), copy.body(), copy.properties(),
                copy.sysFlag(), copy.bornTimestamp(), copy.bornHost(), copy.storeHost(), copy.reconsumeTimes(),
                copy.preparedTransactionOffset());
        MessageRecord record = encoder.encode(real);
        record.stamp(stored.queueOffset(), stored.physicalOffset(), stored.storeTimestamp());
        return record.bytes();
    }

    static int checkTimes(StoredMessageView half) {
        return parseInt(half.property(TransactionNames.CHECK_TIMES), 0);
    }

    /** How old a half message must be before it is checked: its own immunity time, else the broker's timeout. */
    static long checkAfterMillis(StoredMessageView half, long transactionTimeOut) {
        int seconds = parseInt(half.property(TransactionNames.CHECK_IMMUNITY_SECONDS), -1);
        return seconds > 0 ? seconds * 1000L : transactionTimeOut;
    }

    private static MessageToStore copy(StoredMessageView half, String topic, int queueId,
            Map<String, String> properties, InetSocketAddress storeHost) {
        return new MessageToStore(topic, queueId, half.flag(), half.body(), MessageProperties.encode(properties),
                half.sysFlag(), half.bornTimestamp(), half.bornHost(), storeHost, half.reconsumeTimes(),
                half.preparedTransactionOffset());
    }

    private static int parseInt(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
