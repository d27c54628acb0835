package io.cometmq.broker.store;

/** Outcome of a put, as the send processor maps it to a response code (wire protocol §4.2 step 7). */
public enum PutStatus {
    OK,
    /** Stored, but the fsync did not complete within syncFlushTimeout. */
    FLUSH_DISK_TIMEOUT,
    /** Stored, replication did not confirm in time (replication, later). */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored, no slave to replicate to (replication, later). */
    SLAVE_NOT_AVAILABLE,
    /** The store is not running (starting, shut down, or a slave). */
    SERVICE_NOT_AVAILABLE,
    /** Disk usage is above diskMaxUsedRatio; reads still work. */
    DISK_FULL,
    MESSAGE_ILLEGAL,
    PROPERTIES_SIZE_EXCEEDED,
    UNKNOWN_ERROR;

    /** The message is in the commit log (the producer must not resend blindly). */
    public boolean isStored() {
        return this == OK || this == FLUSH_DISK_TIMEOUT || this == FLUSH_SLAVE_TIMEOUT || this == SLAVE_NOT_AVAILABLE;
    }
}
