package io.cometmq.broker.processor;

import io.cometmq.broker.client.QueueLockManager;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.LockBatchRequestBody;
import io.cometmq.protocol.body.LockBatchResponseBody;
import io.cometmq.protocol.body.MessageQueue;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.Set;

/** LOCK_BATCH_MQ and UNLOCK_BATCH_MQ: queue ownership for orderly consumers. */
public final class QueueLockProcessor implements RequestProcessor.SyncRequestProcessor {

    private final QueueLockManager locks;

    public QueueLockProcessor(QueueLockManager locks) {
        this.locks = locks;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        LockBatchRequestBody body = Json.decode(request.body(), LockBatchRequestBody.class);
        if (body.consumerGroup() == null || body.clientId() == null) {
            throw new IllegalArgumentException("lock request body needs consumerGroup and clientId");
        }
        if (request.code() == RequestCode.LOCK_BATCH_MQ) {
            Set<MessageQueue> granted = locks.lock(body.consumerGroup(), body.clientId(), body.mqSet());
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(Json.encode(new LockBatchResponseBody(granted)));
        }
        locks.unlock(body.consumerGroup(), body.clientId(), body.mqSet());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
