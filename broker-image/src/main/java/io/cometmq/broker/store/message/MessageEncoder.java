package io.cometmq.broker.store.message;

import io.cometmq.broker.store.message.InvalidMessageException.Reason;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Validates a {@link MessageToStore} and serialises it into the stored record layout ({@link MessageLayout}). */
public final class MessageEncoder {
    private final int maxBodySize;
    private final boolean longTopicsUseV2;

    /**
     * @param maxBodySize     largest body accepted (maxMessageSize, 4 MiB by default)
     * @param longTopicsUseV2 write topics over 127 bytes with MAGIC V2; when false they are refused
     */
    public MessageEncoder(int maxBodySize, boolean longTopicsUseV2) {
        if (maxBodySize <= 0) {
            throw new IllegalArgumentException("maxBodySize must be positive: " + maxBodySize);
        }
        this.maxBodySize = maxBodySize;
        this.longTopicsUseV2 = longTopicsUseV2;
    }

    public MessageRecord encode(MessageToStore message) {
        validateTopicName(message.topic());
        byte[] body = message.body();
        if (body.length > maxBodySize) {
            throw new InvalidMessageException(Reason.MESSAGE_ILLEGAL,
                    "message body of " + body.length + " bytes exceeds maxMessageSize " + maxBodySize);
        }
        byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
        int magic = topicMagic(message.topic(), topic.length);
        byte[] properties = message.properties().getBytes(StandardCharsets.UTF_8);
        if (properties.length > MessageLayout.MAX_PROPERTIES_BYTES) {
            throw new InvalidMessageException(Reason.PROPERTIES_SIZE_EXCEEDED, "properties of " + properties.length
                    + " bytes exceed " + MessageLayout.MAX_PROPERTIES_BYTES);
        }
        // The V6 bits must describe the host fields actually written, whatever the caller passed.
        int sysFlag = message.sysFlag() & ~(SysFlag.BORNHOST_V6 | SysFlag.STOREHOST_V6);
        if (isV6(message.bornHost())) {
            sysFlag |= SysFlag.BORNHOST_V6;
        }
        if (isV6(message.storeHost())) {
            sysFlag |= SysFlag.STOREHOST_V6;
        }
        int size = MessageLayout.recordSize(sysFlag, body.length, topic.length, MessageLayout.topicLengthSize(magic),
                properties.length);
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(size);
        out.putInt(magic);
        out.putInt(bodyCrc(body));
        out.putInt(message.queueId());
        out.putInt(message.flag());
        out.putLong(0L); // queue offset, stamped at append time
        out.putLong(0L); // physical offset, stamped at append time
        out.putInt(sysFlag);
        out.putLong(message.bornTimestamp());
        putHost(out, message.bornHost());
        out.putLong(0L); // store timestamp, stamped at append time
        putHost(out, message.storeHost());
        out.putInt(message.reconsumeTimes());
        out.putLong(message.preparedTransactionOffset());
        out.putInt(body.length);
        out.put(body);
        if (magic == MessageLayout.MAGIC_V2) {
            out.putShort((short) topic.length);
        } else {
            out.put((byte) topic.length);
        }
        out.put(topic);
        out.putShort((short) properties.length);
        out.put(properties);
        boolean waitForFlush = !"false".equals(MessageProperties.valueOf(message.properties(), MessageProperties.WAIT));
        return new MessageRecord(out.array(), message.topic(), message.queueId(), sysFlag, waitForFlush);
    }

    public static int bodyCrc(byte[] body) {
        return bodyCrc(ByteBuffer.wrap(body));
    }

    /** CRC32 of the body, masked to a non-negative int as RocketMQ stores it. */
    public static int bodyCrc(ByteBuffer body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    private int topicMagic(String topic, int topicBytes) {
        if (topicBytes <= MessageLayout.MAX_V1_TOPIC_BYTES) {
            return MessageLayout.MAGIC_V1;
        }
        if (!longTopicsUseV2) {
            throw new InvalidMessageException(Reason.MESSAGE_ILLEGAL, "topic longer than "
                    + MessageLayout.MAX_V1_TOPIC_BYTES + " bytes: " + topic.substring(0, 32) + "...");
        }
        if (topicBytes > Short.MAX_VALUE) {
            throw new InvalidMessageException(Reason.MESSAGE_ILLEGAL, "topic longer than " + Short.MAX_VALUE + " bytes");
        }
        return MessageLayout.MAGIC_V2;
    }

    /** RocketMQ's topic alphabet: letters, digits, '%', '|', '_' and '-'; it also keeps topic paths safe on disk. */
    static void validateTopicName(String topic) {
        if (topic.isEmpty()) {
            throw new InvalidMessageException(Reason.MESSAGE_ILLEGAL, "topic is empty");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-';
            if (!legal) {
                throw new InvalidMessageException(Reason.MESSAGE_ILLEGAL,
                        "topic contains illegal character '" + c + "' at index " + i + ": " + topic);
            }
        }
    }

    private static boolean isV6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }

    private static void putHost(ByteBuffer out, InetSocketAddress host) {
        if (host.getAddress() == null) {
            throw new InvalidMessageException(Reason.MESSAGE_ILLEGAL, "unresolved host address: " + host);
        }
        out.put(host.getAddress().getAddress());
        out.putInt(host.getPort());
    }
}
