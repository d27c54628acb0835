package io.cometmq.protocol.body;

import java.util.Set;

/** LOCK_BATCH_MQ / UNLOCK_BATCH_MQ body: the queues a client of a group wants to (un)lock. */
public record LockBatchRequestBody(String consumerGroup, String clientId, boolean onlyThisBroker,
        Set<MessageQueue> mqSet) {

    public LockBatchRequestBody {
        mqSet = mqSet == null ? Set.of() : mqSet;
    }
}
