package io.cometmq.broker.store;

/** Outcome of a get, with the same meaning as RocketMQ's GetMessageStatus (wire protocol §5.4 table). */
public enum GetStatus {
    FOUND,
    /** Entries were scanned but none passed the filter; nextBeginOffset skips them. */
    NO_MATCHED_MESSAGE,
    /** The entries point at commit-log data already deleted. */
    MESSAGE_WAS_REMOVING,
    /** The consume-queue file for the offset is gone; nextBeginOffset is the start of the next file. */
    OFFSET_FOUND_NULL,
    OFFSET_OVERFLOW_BADLY,
    OFFSET_OVERFLOW_ONE,
    OFFSET_TOO_SMALL,
    /** No such queue on this broker. */
    NO_MATCHED_LOGIC_QUEUE,
    /** The queue exists but has never had a message. */
    NO_MESSAGE_IN_QUEUE
}
