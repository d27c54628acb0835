package io.cometmq.broker.store.message;

import java.nio.ByteBuffer;

/**
 * One message fully serialised except for the three fields only known under the commit-log lock (queue offset,
 * physical offset, store time). Encoding happens before the lock is taken, so the critical section is a few
 * patched longs and one memory copy.
 */
public final class MessageRecord {
    private final byte[] bytes;
    private final String topic;
    private final int queueId;
    private final int sysFlag;
    private final boolean waitForFlush;

    MessageRecord(byte[] bytes, String topic, int queueId, int sysFlag, boolean waitForFlush) {
        this.bytes = bytes;
        this.topic = topic;
        this.queueId = queueId;
        this.sysFlag = sysFlag;
        this.waitForFlush = waitForFlush;
    }

    /** Writes the append-time fields into the record (called under the commit-log lock). */
    public void stamp(long queueOffset, long physicalOffset, long storeTimestamp) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.putLong(MessageLayout.POS_QUEUE_OFFSET, queueOffset);
        buffer.putLong(MessageLayout.POS_PHYSICAL_OFFSET, physicalOffset);
        buffer.putLong(MessageLayout.storeTimestampPosition(sysFlag), storeTimestamp);
    }

    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public int sysFlag() {
        return sysFlag;
    }

    /** False when the producer set WAIT=false: acknowledge without waiting for the flush. */
    public boolean waitForFlush() {
        return waitForFlush;
    }

    /** Whether this record takes a queue offset (transaction half and rollback records do not). */
    public boolean takesQueueOffset() {
        return SysFlag.isDispatchedToConsumeQueue(sysFlag);
    }

    /** The store host bytes (address + port) as written in the record, used to build the offset message id. */
    public ByteBuffer storeHostBytes() {
        int position = MessageLayout.storeHostPosition(sysFlag);
        return ByteBuffer.wrap(bytes, position, MessageLayout.hostLength(SysFlag.storeHostIsV6(sysFlag))).slice();
    }
}
