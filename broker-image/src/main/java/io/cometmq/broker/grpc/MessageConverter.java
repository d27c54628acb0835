package io.cometmq.broker.grpc;

import apache.rocketmq.v2.DeadLetterQueue;
import apache.rocketmq.v2.Digest;
import apache.rocketmq.v2.DigestType;
import apache.rocketmq.v2.Encoding;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SystemProperties;
import com.google.protobuf.ByteString;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.protocol.body.TopicMessageType;
import io.cometmq.protocol.netty.RequestContext;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Stored messages (the records of a POP or PULL body, a check-back's body) as gRPC {@link Message}s. */
public final class MessageConverter {

    /** Properties that become system properties, not user properties (Apache's MessageConst system keys). */
    private static final Set<String> SYSTEM_KEYS = Set.of("TAGS", "KEYS", "UNIQ_KEY", "TRAN_MSG", "PGROUP",
            "DELAY", "TIMER_DELIVER_MS", "TIMER_DELAY_SEC", "TIMER_DELAY_MS", "__SHARDINGKEY", "POP_CK",
            "REAL_TOPIC", "REAL_QID", "WAIT", "CLUSTER", "MIN_OFFSET", "MAX_OFFSET", "RETRY_TOPIC",
            "ORIGIN_MESSAGE_ID", "1ST_POP_TIME", "TRACE_ON", "MSG_REGION", "CONSUME_START_TIME",
            "__transactionId__", "TRANSACTION_CHECK_TIMES", "CHECK_IMMUNITY_TIME_IN_SECONDS", "INNER_NUM",
            "INNER_BASE", "POP_CK_OFFSET", "DLQ_ORIGIN_TOPIC", "DLQ_ORIGIN_MESSAGE_ID", "TIMER_OUT_MS",
            "TIMER_ENQUEUE_MS", "TIMER_DEQUEUE_MS", "TIMER_ROLL_TIMES", "TIMER_DEL_UNIQKEY",
            "TRACE_CONTEXT", "RECONSUME_TIME", "MAX_RECONSUME_TIMES");

    private MessageConverter() {
    }

    /** Every record in {@code body} (records back to back, as POP and PULL answer). */
    public static List<StoredMessageView> records(byte[] body) {
        List<StoredMessageView> records = new ArrayList<>();
        if (body == null) {
            return records;
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        while (buffer.remaining() > 4) {
            int size = buffer.getInt(buffer.position());
            if (size <= 0 || size > buffer.remaining()) {
                throw new IllegalArgumentException("malformed message record of " + size + " bytes at "
                        + buffer.position());
            }
            records.add(new StoredMessageView(buffer));
            buffer.position(buffer.position() + size);
        }
        return records;
    }

    /**
     * The gRPC form of a stored message as Apache's proxy builds it. {@code topic} is the topic the client knows
     * (a retry message is shown under its original topic); {@code receiptHandle} is null outside consumption.
     */
    public static Message toMessage(StoredMessageView record, String topic, String brokerName, String receiptHandle,
            int deliveryAttempt) {
        Map<String, String> properties = record.properties();
        byte[] body = record.body();
        SystemProperties.Builder system = SystemProperties.newBuilder()
                .setMessageId(properties.getOrDefault(MessageProperties.UNIQ_KEY, ""))
                .setBodyDigest(Digest.newBuilder().setType(DigestType.MD5).setChecksum(md5(body)))
                .setBodyEncoding((record.sysFlag() & SysFlag.COMPRESSED) != 0 ? Encoding.GZIP : Encoding.IDENTITY)
                .setMessageType(messageType(properties))
                .setBornTimestamp(ProtoTime.timestamp(record.bornTimestamp()))
                .setBornHost(RequestContext.addressString(record.bornHost()))
                .setStoreTimestamp(ProtoTime.timestamp(record.storeTimestamp()))
                .setStoreHost(RequestContext.addressString(record.storeHost()))
                .setQueueId(record.queueId())
                .setQueueOffset(record.queueOffset());
        String tags = properties.get(MessageProperties.TAGS);
        if (tags != null) {
            system.setTag(tags);
        }
        String keys = properties.get(MessageProperties.KEYS);
        if (keys != null && !keys.isBlank()) {
            for (String key : keys.split(" ")) {
                if (!key.isEmpty()) {
                    system.addKeys(key);
                }
            }
        }
        String group = properties.get("__SHARDINGKEY");
        if (group != null) {
            system.setMessageGroup(group);
        }
        Long deliverAt = deliveryTime(properties, record.storeTimestamp());
        if (deliverAt != null) {
            system.setDeliveryTimestamp(ProtoTime.timestamp(deliverAt));
        }
        if (receiptHandle != null) {
            system.setReceiptHandle(receiptHandle);
            system.setDeliveryAttempt(deliveryAttempt);
        }
        String trace = properties.get("TRACE_CONTEXT");
        if (trace != null) {
            system.setTraceContext(trace);
        }
        String dlqTopic = properties.get("DLQ_ORIGIN_TOPIC");
        if (dlqTopic != null) {
            system.setDeadLetterQueue(DeadLetterQueue.newBuilder().setTopic(dlqTopic)
                    .setMessageId(properties.getOrDefault("DLQ_ORIGIN_MESSAGE_ID", "")));
        }
        Message.Builder message = Message.newBuilder()
                .setTopic(Resource.newBuilder().setName(topic))
                .setSystemProperties(system)
                .setBody(ByteString.copyFrom(body));
        properties.forEach((name, value) -> {
            if (!SYSTEM_KEYS.contains(name)) {
                message.putUserProperties(name, value);
            }
        });
        return message.build();
    }

    static MessageType messageType(Map<String, String> properties) {
        return switch (TopicMessageType.ofMessage(properties)) {
            case TRANSACTION -> MessageType.TRANSACTION;
            case DELAY -> MessageType.DELAY;
            case FIFO -> MessageType.FIFO;
            default -> MessageType.NORMAL;
        };
    }

    private static Long deliveryTime(Map<String, String> properties, long storeTimestamp) {
        String at = properties.get("TIMER_DELIVER_MS");
        if (at != null) {
            try {
                return Long.parseLong(at);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String seconds = properties.get("TIMER_DELAY_SEC");
        if (seconds != null) {
            try {
                return storeTimestamp + Long.parseLong(seconds) * 1000;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String md5(byte[] body) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
