package io.cometmq.protocol.body;

import java.util.Set;

/** LOCK_BATCH_MQ answer: the queues the requester now holds. */
public record LockBatchResponseBody(Set<MessageQueue> lockOKMQSet) {
}
