package io.cometmq.operator.crd;

/** How a master acknowledges writes; becomes brokerRole ASYNC_MASTER or SYNC_MASTER. */
public enum ReplicationMode { ASYNC, SYNC }
