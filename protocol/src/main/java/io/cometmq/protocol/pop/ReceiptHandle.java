package io.cometmq.protocol.pop;

/**
 * What a consumer must hand back to ack a popped message or change its invisible time. It is self-describing (the
 * broker keeps no table of handles), so it survives broker restarts. Wire form, fields separated by one space:
 * {@code startOffset popTime invisibleTime reviveQid retryMarker brokerName queueId queueOffset [commitLogOffset]}.
 * Remoting POP clients build the first eight (message property {@code POP_CK}); the gRPC layer appends the commit
 * log offset, which ForwardMessageToDeadLetterQueue needs.
 *
 * @param startOffset     queue offset of the first message of the pop (the check point's key)
 * @param popTime         broker clock when the message was popped (or its invisible time last changed)
 * @param invisibleTime   ms after popTime the message becomes visible again unless acked
 * @param reviveQid       revive-log queue of the check point, or {@link PopNames#ORDER_REVIVE_QID} for FIFO
 * @param retryMarker     "0" the topic itself, "1"/"2" its retry topic (see {@link PopNames#realTopic})
 * @param commitLogOffset physical offset of the message, or -1 when the handle has eight fields
 */
public record ReceiptHandle(long startOffset, long popTime, long invisibleTime, int reviveQid, String retryMarker,
        String brokerName, int queueId, long queueOffset, long commitLogOffset) {

    public static final long NO_COMMIT_LOG_OFFSET = -1;

    /** Parses a handle; a malformed one is refused with a message that says which field is wrong. */
    public static ReceiptHandle decode(String handle) {
        if (handle == null || handle.isBlank()) {
            throw new IllegalArgumentException("receipt handle is empty");
        }
        String[] f = handle.trim().split(" ");
        if (f.length < 8 || f.length > 9) {
            throw new IllegalArgumentException("receipt handle must have 8 or 9 fields separated by spaces, has "
                    + f.length + ": '" + handle + "'");
        }
        String marker = f[4];
        if (!marker.equals("0") && !marker.equals("1") && !marker.equals("2")) {
            throw new IllegalArgumentException("receipt handle field 5 (retry marker) must be 0, 1 or 2: '"
                    + handle + "'");
        }
        return new ReceiptHandle(number(f, 0, "startOffset", handle), number(f, 1, "popTime", handle),
                number(f, 2, "invisibleTime", handle), (int) number(f, 3, "reviveQid", handle), marker, f[5],
                (int) number(f, 6, "queueId", handle), number(f, 7, "queueOffset", handle),
                f.length == 9 ? number(f, 8, "commitLogOffset", handle) : NO_COMMIT_LOG_OFFSET);
    }

    /** The eight-field form remoting clients use ({@code POP_CK}, ACK_MESSAGE's {@code extraInfo}). */
    public String encodeWithoutCommitLogOffset() {
        return startOffset + " " + popTime + " " + invisibleTime + " " + reviveQid + " " + retryMarker + " "
                + brokerName + " " + queueId + " " + queueOffset;
    }

    /** The full form (nine fields when the commit log offset is known), as the gRPC layer hands it out. */
    public String encode() {
        String eight = encodeWithoutCommitLogOffset();
        return commitLogOffset == NO_COMMIT_LOG_OFFSET ? eight : eight + " " + commitLogOffset;
    }

    /** When the message becomes visible again. */
    public long nextVisibleTime() {
        return popTime + invisibleTime;
    }

    public boolean orderly() {
        return reviveQid == PopNames.ORDER_REVIVE_QID;
    }

    /** The topic the message was popped from, for the consumed {@code topic} and {@code group}. */
    public String realTopic(String topic, String group) {
        return PopNames.realTopic(topic, group, retryMarker);
    }

    /** The handle after CHANGE_MESSAGE_INVISIBLETIME answered with these values. */
    public ReceiptHandle renewed(long newPopTime, long newInvisibleTime, int newReviveQid) {
        return new ReceiptHandle(startOffset, newPopTime, newInvisibleTime, newReviveQid, retryMarker, brokerName,
                queueId, queueOffset, commitLogOffset);
    }

    public ReceiptHandle withCommitLogOffset(long offset) {
        return new ReceiptHandle(startOffset, popTime, invisibleTime, reviveQid, retryMarker, brokerName, queueId,
                queueOffset, offset);
    }

    private static long number(String[] fields, int index, String name, String handle) {
        try {
            return Long.parseLong(fields[index]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("receipt handle field " + (index + 1) + " (" + name
                    + ") is not a number: '" + handle + "'");
        }
    }
}
