package io.cometmq.broker.store;

/** When a producer is acknowledged: after fsync (SYNC_FLUSH, group commit) or once in the page cache. */
public enum FlushDiskType {
    SYNC_FLUSH,
    ASYNC_FLUSH
}
