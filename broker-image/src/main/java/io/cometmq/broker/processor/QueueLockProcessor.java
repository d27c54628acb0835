package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerServices;
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

    private final BrokerServices services;

    public QueueLockProcessor(BrokerServices services) {
        this.services = services;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        LockBatchRequestBody body = Json.decode(request.body(), LockBatchRequestBody.class);
        if (body.consumerGroup() == null || body.clientId() == null) {
            throw new IllegalArgumentException("lock request body needs consumerGroup and clientId");
        }
        if (request.code() == RequestCode.LOCK_BATCH_MQ) {
            Set<MessageQueue> granted = services.locks().lock(body.consumerGroup(), body.clientId(), body.mqSet());
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(Json.encode(new LockBatchResponseBody(granted)));
        }
        services.locks().unlock(body.consumerGroup(), body.clientId(), body.mqSet());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
