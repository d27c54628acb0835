package io.cometmq.broker.store.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Read-only, lazily decoded view of one stored record. Fields are read at their computed positions when asked
 * for, so wrapping a record costs nothing; the properties map is parsed once on first use.
 */
public final class StoredMessageView {
    private final ByteBuffer record;
    private final int sysFlag;
    private Map<String, String> properties;

    /** @param record a buffer whose position is the record's first byte; the buffer itself is not moved */
    public StoredMessageView(ByteBuffer record) {
        this.record = record.slice(record.position(), record.getInt(record.position())).asReadOnlyBuffer();
        this.sysFlag = this.record.getInt(MessageLayout.POS_SYSFLAG);
    }

    /** The record bytes (a fresh read-only buffer positioned at 0 each time). */
    public ByteBuffer buffer() {
        return record.duplicate();
    }

    public int totalSize() {
        return record.getInt(MessageLayout.POS_TOTAL_SIZE);
    }

    public int magic() {
        return record.getInt(MessageLayout.POS_MAGIC);
    }

    public int bodyCrc() {
        return record.getInt(MessageLayout.POS_BODY_CRC);
    }

    public int queueId() {
        return record.getInt(MessageLayout.POS_QUEUE_ID);
    }

    public int flag() {
        return record.getInt(MessageLayout.POS_FLAG);
    }

    public long queueOffset() {
        return record.getLong(MessageLayout.POS_QUEUE_OFFSET);
    }

    public long physicalOffset() {
        return record.getLong(MessageLayout.POS_PHYSICAL_OFFSET);
    }

    public int sysFlag() {
        return sysFlag;
    }

    public long bornTimestamp() {
        return record.getLong(MessageLayout.POS_BORN_TIMESTAMP);
    }

    public InetSocketAddress bornHost() {
        return host(MessageLayout.POS_BORN_HOST, SysFlag.bornHostIsV6(sysFlag));
    }

    public long storeTimestamp() {
        return record.getLong(MessageLayout.storeTimestampPosition(sysFlag));
    }

    public InetSocketAddress storeHost() {
        return host(MessageLayout.storeHostPosition(sysFlag), SysFlag.storeHostIsV6(sysFlag));
    }

    public int reconsumeTimes() {
        return record.getInt(MessageLayout.reconsumeTimesPosition(sysFlag));
    }

    public long preparedTransactionOffset() {
        return record.getLong(MessageLayout.preparedTransactionOffsetPosition(sysFlag));
    }

    public int bodyLength() {
        return record.getInt(MessageLayout.bodyLengthPosition(sysFlag));
    }

    public byte[] body() {
        byte[] body = new byte[bodyLength()];
        record.get(MessageLayout.bodyLengthPosition(sysFlag) + 4, body);
        return body;
    }

    public String topic() {
        int at = topicLengthPosition();
        int length = topicLength(at);
        int start = at + MessageLayout.topicLengthSize(magic());
        return new String(bytes(start, length), StandardCharsets.UTF_8);
    }

    public String propertiesString() {
        int topicAt = topicLengthPosition();
        int at = topicAt + MessageLayout.topicLengthSize(magic()) + topicLength(topicAt);
        int length = record.getShort(at);
        return new String(bytes(at + 2, length), StandardCharsets.UTF_8);
    }

    public Map<String, String> properties() {
        if (properties == null) {
            properties = MessageProperties.decode(propertiesString());
        }
        return properties;
    }

    public String property(String name) {
        return properties().get(name);
    }

    public String tags() {
        return property(MessageProperties.TAGS);
    }

    public String keys() {
        return property(MessageProperties.KEYS);
    }

    public String uniqueKey() {
        return property(MessageProperties.UNIQ_KEY);
    }

    /** The offset message id a client derives from this record (§8.5). */
    public String offsetMessageId() {
        return OffsetMessageId.encode(storeHost(), physicalOffset());
    }

    private int topicLengthPosition() {
        return MessageLayout.bodyLengthPosition(sysFlag) + 4 + bodyLength();
    }

    private int topicLength(int at) {
        return magic() == MessageLayout.MAGIC_V2 ? record.getShort(at) : record.get(at);
    }

    private byte[] bytes(int start, int length) {
        byte[] out = new byte[length];
        record.get(start, out);
        return out;
    }

    private InetSocketAddress host(int position, boolean v6) {
        byte[] address = bytes(position, v6 ? 16 : 4);
        int port = record.getInt(position + address.length);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad address length " + address.length, e);
        }
    }
}
