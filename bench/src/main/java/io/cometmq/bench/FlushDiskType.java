package io.cometmq.bench;

/** RocketMQ's {@code flushDiskType}: acknowledge after fsync (SYNC) or flush on an interval (ASYNC). */
public enum FlushDiskType {
    ASYNC_FLUSH,
    SYNC_FLUSH
}
