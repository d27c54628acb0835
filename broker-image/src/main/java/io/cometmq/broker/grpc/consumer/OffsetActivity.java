package io.cometmq.broker.grpc.consumer;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.GetOffsetRequest;
import apache.rocketmq.v2.GetOffsetResponse;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.QueryOffsetResponse;
import apache.rocketmq.v2.UpdateOffsetRequest;
import apache.rocketmq.v2.UpdateOffsetResponse;
import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.broker.grpc.GrpcStatuses;
import io.cometmq.broker.grpc.MessageConverter;
import io.cometmq.broker.grpc.ProtoTime;
import io.cometmq.broker.grpc.client.GrpcClient;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.ConsumerOffsetHeaders;
import io.cometmq.protocol.header.PullMessageHeaders;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * The offset RPCs Apache's proxy leaves unimplemented, over the remoting requests a pull consumer uses: UpdateOffset /
 * GetOffset (UPDATE_CONSUMER_OFFSET / QUERY_CONSUMER_OFFSET), QueryOffset (GET_MIN_OFFSET, GET_MAX_OFFSET,
 * SEARCH_OFFSET_BY_TIMESTAMP) and PullMessage (PULL_MESSAGE with long polling), on the broker the queue names.
 */
public final class OffsetActivity {

    private static final long TIMEOUT_MILLIS = 3_000;
    /** PullSysFlag: suspend (long polling) and subscription (the expression is in the header). */
    private static final int PULL_FLAGS = 0x2 | 0x4;

    private final GrpcConfig config;
    private final RemotingGateway gateway;

    public OffsetActivity(GrpcConfig config, RemotingGateway gateway) {
        this.config = config;
        this.gateway = gateway;
    }

    public CompletableFuture<UpdateOffsetResponse> updateOffset(GrpcClient client, UpdateOffsetRequest request) {
        String group = ConsumeActivity.group(request.getGroup().getName());
        MessageQueue queue = queue(request.getMessageQueue());
        if (request.getOffset() < 0) {
            throw new GrpcException(Code.ILLEGAL_OFFSET, "offset must be 0 or more, was " + request.getOffset());
        }
        RemotingCommand update = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET,
                new ConsumerOffsetHeaders.UpdateConsumerOffset(group, queue.getTopic().getName(), queue.getId(),
                        request.getOffset()).encode());
        return gateway.invoke(queue.getBroker().getName(), client.channel(), update, TIMEOUT_MILLIS)
                .thenApply(response -> UpdateOffsetResponse.newBuilder().setStatus(GrpcStatuses.of(response))
                        .build());
    }

    public CompletableFuture<GetOffsetResponse> getOffset(GrpcClient client, GetOffsetRequest request) {
        String group = ConsumeActivity.group(request.getGroup().getName());
        MessageQueue queue = queue(request.getMessageQueue());
        RemotingCommand query = RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET,
                new ConsumerOffsetHeaders.QueryConsumerOffset(group, queue.getTopic().getName(), queue.getId(),
                        false).encode());
        return gateway.invoke(queue.getBroker().getName(), client.channel(), query, TIMEOUT_MILLIS)
                .thenApply(response -> {
                    if (response != null && response.code() == ResponseCode.QUERY_NOT_FOUND) {
                        return GetOffsetResponse.newBuilder().setStatus(GrpcStatuses.status(Code.OFFSET_NOT_FOUND,
                                "group " + group + " has no offset for this queue")).build();
                    }
                    GetOffsetResponse.Builder answer = GetOffsetResponse.newBuilder()
                            .setStatus(GrpcStatuses.of(response));
                    if (response != null && response.code() == ResponseCode.SUCCESS) {
                        answer.setOffset(ConsumerOffsetHeaders.OffsetResponse.decode(response).offset());
                    }
                    return answer.build();
                });
    }

    public CompletableFuture<QueryOffsetResponse> queryOffset(GrpcClient client, QueryOffsetRequest request) {
        MessageQueue queue = queue(request.getMessageQueue());
        String topic = queue.getTopic().getName();
        RemotingCommand query = switch (request.getQueryOffsetPolicy()) {
            case BEGINNING -> RemotingCommand.request(RequestCode.GET_MIN_OFFSET,
                    new ConsumerOffsetHeaders.Queue(topic, queue.getId()).encode());
            case END -> RemotingCommand.request(RequestCode.GET_MAX_OFFSET,
                    new ConsumerOffsetHeaders.Queue(topic, queue.getId()).encode());
            case TIMESTAMP -> {
                if (!request.hasTimestamp()) {
                    throw new GrpcException(Code.BAD_REQUEST, "query_offset_policy TIMESTAMP needs a timestamp");
                }
                yield RemotingCommand.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                        new ConsumerOffsetHeaders.SearchOffset(topic, queue.getId(),
                                ProtoTime.millis(request.getTimestamp()), "LOWER").encode());
            }
            default -> throw new GrpcException(Code.BAD_REQUEST, "query_offset_policy must be BEGINNING, END or "
                    + "TIMESTAMP");
        };
        return gateway.invoke(queue.getBroker().getName(), client.channel(), query, TIMEOUT_MILLIS)
                .thenApply(response -> {
                    QueryOffsetResponse.Builder answer = QueryOffsetResponse.newBuilder()
                            .setStatus(GrpcStatuses.of(response));
                    if (response != null && response.code() == ResponseCode.SUCCESS) {
                        answer.setOffset(ConsumerOffsetHeaders.OffsetResponse.decode(response).offset());
                    }
                    return answer.build();
                });
    }

    /** Frames: a status, the messages found, the next offset to pull from, then completion. */
    public void pull(GrpcClient client, PullMessageRequest request, StreamObserver<PullMessageResponse> stream) {
        String group = ConsumeActivity.group(request.getGroup().getName());
        MessageQueue queue = queue(request.getMessageQueue());
        if (request.getBatchSize() <= 0 || request.getBatchSize() > 32) {
            throw new GrpcException(Code.BAD_REQUEST, "batch_size must be 1..32, was " + request.getBatchSize());
        }
        long poll = request.hasLongPollingTimeout() ? Math.min(config.maxLongPollingMillis(),
                ProtoTime.millis(request.getLongPollingTimeout())) : 0;
        String expression = request.getFilterExpression().getExpression().isBlank() ? "*"
                : request.getFilterExpression().getExpression();
        PullMessageHeaders.Request header = new PullMessageHeaders.Request(group, queue.getTopic().getName(),
                queue.getId(), request.getOffset(), request.getBatchSize(), Integer.MAX_VALUE,
                poll > 0 ? PULL_FLAGS : PULL_FLAGS & ~0x2, 0, poll, expression,
                request.getFilterExpression().getType() == FilterType.SQL ? "SQL92" : "TAG",
                System.currentTimeMillis());
        String broker = queue.getBroker().getName();
        gateway.invoke(broker, client.channel(), RemotingCommand.request(RequestCode.PULL_MESSAGE, header.encode()),
                poll + TIMEOUT_MILLIS).whenComplete((response, failure) -> {
                    try {
                        if (failure != null || response == null) {
                            stream.onNext(PullMessageResponse.newBuilder().setStatus(failure != null
                                    ? GrpcStatuses.ofFailure(failure) : GrpcStatuses.of(null)).build());
                        } else {
                            answer(response, queue, broker, stream);
                        }
                        stream.onCompleted();
                    } catch (RuntimeException e) {
                        // the client went away
                    }
                });
    }

    private static void answer(RemotingCommand response, MessageQueue queue, String broker,
            StreamObserver<PullMessageResponse> stream) {
        switch (response.code()) {
            case ResponseCode.SUCCESS -> {
                stream.onNext(PullMessageResponse.newBuilder().setStatus(GrpcStatuses.ok()).build());
                for (StoredMessageView record : MessageConverter.records(response.body())) {
                    stream.onNext(PullMessageResponse.newBuilder().setMessage(MessageConverter.toMessage(record,
                            queue.getTopic().getName(), broker, null, record.reconsumeTimes() + 1)).build());
                }
            }
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY -> stream.onNext(
                    PullMessageResponse.newBuilder().setStatus(GrpcStatuses.status(Code.MESSAGE_NOT_FOUND,
                            "no new message")).build());
            case ResponseCode.PULL_OFFSET_MOVED -> stream.onNext(PullMessageResponse.newBuilder().setStatus(
                    GrpcStatuses.status(Code.ILLEGAL_OFFSET, "offset is out of the queue's range: "
                            + response.remark())).build());
            default -> {
                stream.onNext(PullMessageResponse.newBuilder().setStatus(GrpcStatuses.of(response)).build());
                return;
            }
        }
        stream.onNext(PullMessageResponse.newBuilder().setNextOffset(PullMessageHeaders.Response.decode(response)
                .nextBeginOffset()).build());
    }

    private static MessageQueue queue(MessageQueue queue) {
        RouteActivity.topicName(queue.getTopic());
        if (queue.getBroker().getName().isBlank()) {
            throw new GrpcException(Code.BAD_REQUEST, "message_queue.broker.name is empty");
        }
        if (queue.getId() < 0) {
            throw new GrpcException(Code.BAD_REQUEST, "message_queue.id must be 0 or more, was " + queue.getId());
        }
        return queue;
    }
}
