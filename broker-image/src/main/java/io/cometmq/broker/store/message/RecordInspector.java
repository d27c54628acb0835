package io.cometmq.broker.store.message;

import java.nio.ByteBuffer;

/**
 * Classifies the bytes at a position of a commit-log segment: a whole message, the blank filler that closes a
 * file, the zero bytes after the last write, or something corrupt (a torn or garbage tail). Recovery uses it with
 * CRC checking; the dispatcher trusts what this process wrote and skips the CRC.
 */
public final class RecordInspector {

    public enum Kind { MESSAGE, BLANK, END_OF_DATA, CORRUPT }

    /** @param size bytes to skip to reach the next record (MESSAGE and BLANK only) */
    public record Inspection(Kind kind, int size, String problem) {
        static Inspection corrupt(String problem) {
            return new Inspection(Kind.CORRUPT, 0, problem);
        }
    }

    private RecordInspector() {
    }

    /**
     * @param segment        buffer holding the whole segment, absolute positions (its position/limit are ignored)
     * @param position       where the record should start
     * @param limit          end of readable data in the segment
     * @param expectedOffset the physical offset the record must carry
     * @param verifyCrc      recompute the body CRC
     */
    public static Inspection inspect(ByteBuffer segment, int position, int limit, long expectedOffset,
            boolean verifyCrc) {
        int left = limit - position;
        if (left < MessageLayout.BLANK_HEADER_SIZE) {
            return left == 0 || allZero(segment, position, limit)
                    ? new Inspection(Kind.END_OF_DATA, 0, null)
                    : Inspection.corrupt(left + " trailing bytes too short for a record header");
        }
        int totalSize = segment.getInt(position);
        int magic = segment.getInt(position + MessageLayout.POS_MAGIC);
        if (totalSize == 0 && magic == 0) {
            return new Inspection(Kind.END_OF_DATA, 0, null);
        }
        if (magic == MessageLayout.MAGIC_BLANK) {
            return totalSize == left
                    ? new Inspection(Kind.BLANK, totalSize, null)
                    : Inspection.corrupt("blank record of " + totalSize + " bytes does not end the file (" + left
                            + " bytes left)");
        }
        if (magic != MessageLayout.MAGIC_V1 && magic != MessageLayout.MAGIC_V2) {
            return Inspection.corrupt(String.format("bad magic 0x%08X", magic));
        }
        if (totalSize <= MessageLayout.POS_BORN_HOST || totalSize > left) {
            return Inspection.corrupt("total size " + totalSize + " outside (" + MessageLayout.POS_BORN_HOST + ", "
                    + left + "]");
        }
        return inspectMessage(segment, position, totalSize, magic, expectedOffset, verifyCrc);
    }

    private static Inspection inspectMessage(ByteBuffer segment, int position, int totalSize, int magic,
            long expectedOffset, boolean verifyCrc) {
        int end = position + totalSize;
        int sysFlag = segment.getInt(position + MessageLayout.POS_SYSFLAG);
        int bodyLengthAt = position + MessageLayout.bodyLengthPosition(sysFlag);
        if (bodyLengthAt + 4 > end) {
            return Inspection.corrupt("record too short for its fixed fields");
        }
        int bodyLength = segment.getInt(bodyLengthAt);
        int topicLengthAt = bodyLengthAt + 4 + bodyLength;
        int topicLengthSize = MessageLayout.topicLengthSize(magic);
        if (bodyLength < 0 || topicLengthAt + topicLengthSize > end) {
            return Inspection.corrupt("body length " + bodyLength + " overruns the record");
        }
        int topicLength = topicLengthSize == 2 ? segment.getShort(topicLengthAt) : segment.get(topicLengthAt);
        int propertiesLengthAt = topicLengthAt + topicLengthSize + topicLength;
        if (topicLength <= 0 || propertiesLengthAt + 2 > end) {
            return Inspection.corrupt("topic length " + topicLength + " overruns the record");
        }
        int propertiesLength = segment.getShort(propertiesLengthAt);
        if (propertiesLength < 0 || propertiesLengthAt + 2 + propertiesLength != end) {
            return Inspection.corrupt("field lengths do not add up to total size " + totalSize);
        }
        long physicalOffset = segment.getLong(position + MessageLayout.POS_PHYSICAL_OFFSET);
        if (physicalOffset != expectedOffset) {
            return Inspection.corrupt("record claims physical offset " + physicalOffset);
        }
        if (verifyCrc) {
            int stored = segment.getInt(position + MessageLayout.POS_BODY_CRC);
            int actual = MessageEncoder.bodyCrc(segment.slice(bodyLengthAt + 4, bodyLength));
            if (stored != actual) {
                return Inspection.corrupt("body CRC " + actual + " does not match stored " + stored);
            }
        }
        return new Inspection(Kind.MESSAGE, totalSize, null);
    }

    private static boolean allZero(ByteBuffer buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
