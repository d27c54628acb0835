package io.cometmq.broker.store.queue;

import io.cometmq.broker.store.message.SysFlag;

/** Writes the consume-queue entry of every record except transaction half and rollback records. */
public final class ConsumeQueueDispatcher implements CommitLogDispatcher {
    private final ConsumeQueueTable queues;

    public ConsumeQueueDispatcher(ConsumeQueueTable queues) {
        this.queues = queues;
    }

    @Override
    public void dispatch(DispatchRequest request) {
        if (SysFlag.isDispatchedToConsumeQueue(request.sysFlag())) {
            queues.findOrCreate(request.topic(), request.queueId()).put(request.queueOffset(),
                    request.commitLogOffset(), request.size(), request.tagsCode());
        }
    }
}
