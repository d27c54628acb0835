package io.cometmq.broker.store.commitlog;

/**
 * Where one record landed.
 *
 * @param physicalOffset commit-log offset of the record (PHYSICALOFFSET)
 * @param size           record size in bytes
 * @param queueOffset    logical offset in its consume queue (0 for transaction half/rollback records)
 * @param storeTimestamp STORETIMESTAMP written into the record
 * @param offsetMsgId    the offset message id (§8.5), what a SEND response returns as msgId
 */
public record AppendResult(AppendStatus status, long physicalOffset, int size, long queueOffset, long storeTimestamp,
        String offsetMsgId) {

    public static AppendResult failed(AppendStatus status) {
        return new AppendResult(status, -1, 0, -1, 0, null);
    }

    public boolean isAppended() {
        return status == AppendStatus.APPENDED;
    }

    /** Offset just past the record: a flush reaching it makes the record durable. */
    public long endOffset() {
        return physicalOffset + size;
    }
}
