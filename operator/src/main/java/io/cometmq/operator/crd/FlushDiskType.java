package io.cometmq.operator.crd;

/** RocketMQ flushDiskType, written to broker.conf unchanged. */
public enum FlushDiskType { ASYNC_FLUSH, SYNC_FLUSH }
