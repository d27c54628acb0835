package io.cometmq.broker.store.commitlog;

/** Outcome of writing records into the commit log (before any flush). */
public enum AppendStatus {
    APPENDED,
    /** The record plus a blank header is larger than a whole segment file. */
    RECORD_LARGER_THAN_SEGMENT,
    /** The mapped file could not be written (I/O error, store closing). */
    WRITE_FAILED
}
