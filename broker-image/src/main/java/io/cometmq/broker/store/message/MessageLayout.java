package io.cometmq.broker.store.message;

/**
 * Byte map of one stored message record, shared by the commit log, PULL/QUERY/VIEW bodies (wire protocol §8.1).
 *
 * <pre>
 *  off  size  field
 *    0     4  TOTALSIZE            length of the whole record, this field included
 *    4     4  MAGICCODE            0xDAA320A7 (V1, i8 topic length) or 0xDAA320AB (V2, i16 topic length)
 *    8     4  BODYCRC              CRC32(body) &amp; 0x7FFFFFFF
 *   12     4  QUEUEID
 *   16     4  FLAG
 *   20     8  QUEUEOFFSET          logical offset in the consume queue
 *   28     8  PHYSICALOFFSET       commit-log offset of this record
 *   36     4  SYSFLAG
 *   40     8  BORNTIMESTAMP
 *   48  8/20  BORNHOST             IPv4 (4 + i32 port) or IPv6 (16 + i32 port) per SYSFLAG 0x10
 *    .     8  STORETIMESTAMP
 *    .  8/20  STOREHOST            per SYSFLAG 0x20
 *    .     4  RECONSUMETIMES
 *    .     8  PREPARED TRANSACTION OFFSET
 *    .   4+n  BODY                 i32 length + bytes
 *    . 1/2+n  TOPIC                i8 (V1) / i16 (V2) length + UTF-8
 *    .   2+n  PROPERTIES           i16 length + properties string
 * </pre>
 *
 * A commit-log file ends with a blank record: TOTALSIZE = bytes left in the file, MAGIC 0xCBD43194.
 */
public final class MessageLayout {
    public static final int MAGIC_V1 = 0xDAA320A7;
    public static final int MAGIC_V2 = 0xDAA320AB;
    public static final int MAGIC_BLANK = 0xCBD43194;

    public static final int POS_TOTAL_SIZE = 0;
    public static final int POS_MAGIC = 4;
    public static final int POS_BODY_CRC = 8;
    public static final int POS_QUEUE_ID = 12;
    public static final int POS_FLAG = 16;
    public static final int POS_QUEUE_OFFSET = 20;
    public static final int POS_PHYSICAL_OFFSET = 28;
    public static final int POS_SYSFLAG = 36;
    public static final int POS_BORN_TIMESTAMP = 40;
    public static final int POS_BORN_HOST = 48;

    /** TOTALSIZE + MAGIC: what a blank filler at the end of a file needs, so a record must leave this much room. */
    public static final int BLANK_HEADER_SIZE = 8;

    public static final int MAX_V1_TOPIC_BYTES = 127;
    public static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;

    private MessageLayout() {
    }

    public static int hostLength(boolean v6) {
        return v6 ? 20 : 8;
    }

    public static int storeTimestampPosition(int sysFlag) {
        return POS_BORN_HOST + hostLength(SysFlag.bornHostIsV6(sysFlag));
    }

    public static int storeHostPosition(int sysFlag) {
        return storeTimestampPosition(sysFlag) + 8;
    }

    public static int reconsumeTimesPosition(int sysFlag) {
        return storeHostPosition(sysFlag) + hostLength(SysFlag.storeHostIsV6(sysFlag));
    }

    public static int preparedTransactionOffsetPosition(int sysFlag) {
        return reconsumeTimesPosition(sysFlag) + 4;
    }

    /** Position of the i32 body length; everything before it has a fixed size for a given sysFlag. */
    public static int bodyLengthPosition(int sysFlag) {
        return preparedTransactionOffsetPosition(sysFlag) + 8;
    }

    public static int topicLengthSize(int magic) {
        return magic == MAGIC_V2 ? 2 : 1;
    }

    public static int recordSize(int sysFlag, int bodyLength, int topicLength, int topicLengthSize, int propertiesLength) {
        return bodyLengthPosition(sysFlag) + 4 + bodyLength + topicLengthSize + topicLength + 2 + propertiesLength;
    }
}
