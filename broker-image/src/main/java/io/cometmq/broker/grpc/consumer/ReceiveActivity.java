package io.cometmq.broker.grpc.consumer;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import apache.rocketmq.v2.Status;
import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.broker.grpc.GrpcStatuses;
import io.cometmq.broker.grpc.ProtoTime;
import io.cometmq.broker.grpc.MessageConverter;
import io.cometmq.broker.grpc.client.GrpcClient;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.pop.PopNames;
import io.cometmq.protocol.pop.PopOffsetInfo;
import io.cometmq.protocol.pop.ReceiptHandle;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * ReceiveMessage: one POP_MESSAGE (all queues, queueId -1) on the broker group the request's queue names, held
 * for the long-polling time. The stream is Apache's: a status frame, the messages, a delivery_timestamp frame,
 * completion. Messages delivered as often as the group allows are sent to the dead-letter queue instead.
 */
public final class ReceiveActivity {

    private static final long NETWORK_RESERVE_MILLIS = 1_000;
    private static final int MAX_BATCH = 32;

    private final GrpcConfig config;
    private final RemotingGateway gateway;
    private final ConsumeActivity consume;
    private final Function<String, SubscriptionGroupConfig> groups;
    private final HandleRenewer renewer;

    public ReceiveActivity(GrpcConfig config, RemotingGateway gateway, ConsumeActivity consume,
            Function<String, SubscriptionGroupConfig> groups, HandleRenewer renewer) {
        this.config = config;
        this.gateway = gateway;
        this.consume = consume;
        this.groups = groups;
        this.renewer = renewer;
    }

    public void receive(GrpcClient client, ReceiveMessageRequest request, Deadline deadline,
            StreamObserver<ReceiveMessageResponse> stream) {
        String group = ConsumeActivity.group(request.getGroup().getName());
        String topic = RouteActivity.topicName(request.getMessageQueue().getTopic());
        String brokerName = request.getMessageQueue().getBroker().getName();
        if (brokerName.isBlank()) {
            throw new GrpcException(Code.BAD_REQUEST, "message_queue.broker.name is empty");
        }
        if (request.getBatchSize() <= 0 || request.getBatchSize() > MAX_BATCH) {
            throw new GrpcException(Code.BAD_REQUEST, "batch_size must be 1.." + MAX_BATCH + ", was "
                    + request.getBatchSize());
        }
        boolean autoRenew = request.getAutoRenew() && config.autoRenew();
        long invisible = autoRenew ? config.defaultInvisibleMillis() : invisibleTime(request);
        long pollTime = pollTime(request, deadline);
        FilterType filterType = request.getFilterExpression().getType();
        String expression = request.getFilterExpression().getExpression().isBlank() ? "*"
                : request.getFilterExpression().getExpression();
        boolean fifo = client.settings() != null && client.settings().hasSubscription()
                && client.settings().getSubscription().getFifo();
        PopHeaders.PopRequest header = new PopHeaders.PopRequest(group, topic, PopHeaders.ALL_QUEUES,
                request.getBatchSize(), invisible, pollTime, System.currentTimeMillis(), PopHeaders.INIT_MODE_MAX,
                filterType == FilterType.SQL ? "SQL92" : "TAG", expression, fifo,
                request.hasAttemptId() ? request.getAttemptId() : null);
        RemotingCommand pop = RemotingCommand.request(RequestCode.POP_MESSAGE, header.encode());
        gateway.invoke(brokerName, client.channel(), pop, pollTime + NETWORK_RESERVE_MILLIS * 3)
                .thenCompose(response -> answer(client, group, topic, brokerName, response, autoRenew))
                .whenComplete((frames, failure) -> {
                    List<ReceiveMessageResponse> out = frames != null ? frames : List.of(
                            ReceiveMessageResponse.newBuilder().setStatus(GrpcStatuses.ofFailure(failure)).build());
                    write(stream, out);
                });
    }

    /** Writes the frames, then a delivery_timestamp frame, then completes (as Apache's stream writer). */
    public static void write(StreamObserver<ReceiveMessageResponse> stream, List<ReceiveMessageResponse> frames) {
        try {
            frames.forEach(stream::onNext);
            stream.onNext(ReceiveMessageResponse.newBuilder()
                    .setDeliveryTimestamp(ProtoTime.timestamp(System.currentTimeMillis())).build());
            stream.onCompleted();
        } catch (RuntimeException e) {
            // the client went away (cancelled): popped messages come back after their invisible time
        }
    }

    private CompletableFuture<List<ReceiveMessageResponse>> answer(GrpcClient client, String group, String topic,
            String brokerName, RemotingCommand response, boolean autoRenew) {
        List<ReceiveMessageResponse> frames = new ArrayList<>();
        if (response == null) {
            frames.add(status(Code.INTERNAL_SERVER_ERROR, "no answer to POP_MESSAGE"));
            return CompletableFuture.completedFuture(frames);
        }
        switch (response.code()) {
            case ResponseCode.SUCCESS -> {
            }
            case ResponseCode.POLLING_TIMEOUT, ResponseCode.PULL_NOT_FOUND, ResponseCode.NO_MESSAGE -> {
                frames.add(status(Code.MESSAGE_NOT_FOUND, "no new message"));
                return CompletableFuture.completedFuture(frames);
            }
            case ResponseCode.POLLING_FULL -> {
                frames.add(status(Code.TOO_MANY_REQUESTS, "polling full"));
                return CompletableFuture.completedFuture(frames);
            }
            default -> {
                frames.add(ReceiveMessageResponse.newBuilder().setStatus(GrpcStatuses.of(response)).build());
                return CompletableFuture.completedFuture(frames);
            }
        }
        PopHeaders.PopResponse popped = PopHeaders.PopResponse.decode(response);
        Map<String, Long> startOffsets = PopOffsetInfo.parseStartOffsets(popped.startOffsetInfo());
        Map<String, Integer> orderCounts = PopOffsetInfo.parseOrderCounts(popped.orderCountInfo());
        SubscriptionGroupConfig groupConfig = groups.apply(group);
        int maxAttempts = (groupConfig == null ? 16 : groupConfig.retryMaxTimes()) + 1;
        List<Message> messages = new ArrayList<>();
        List<CompletableFuture<Status>> deadLettered = new ArrayList<>();
        for (StoredMessageView record : MessageConverter.records(response.body())) {
            ReceiptHandle handle = handle(record, popped, startOffsets, brokerName);
            Integer orderCount = orderCounts.get(PopOffsetInfo.orderCountKey(record.topic(), record.queueId(),
                    record.queueOffset()));
            if (orderCount == null) {
                orderCount = orderCounts.get(PopOffsetInfo.key(record.topic(), record.queueId()));
            }
            int reconsumeTimes = orderCount != null ? orderCount : record.reconsumeTimes();
            if (reconsumeTimes >= maxAttempts) {
                deadLettered.add(consume.deadLetter(client.channel(), group, topic, handle));
                continue;
            }
            messages.add(MessageConverter.toMessage(record, topic, brokerName, handle.encode(), reconsumeTimes + 1));
            if (autoRenew) {
                renewer.track(client, group, topic, handle);
            }
        }
        frames.add(messages.isEmpty() ? status(Code.MESSAGE_NOT_FOUND, "no match message")
                : ReceiveMessageResponse.newBuilder().setStatus(GrpcStatuses.ok()).build());
        messages.forEach(message -> frames.add(ReceiveMessageResponse.newBuilder().setMessage(message).build()));
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new))
                .handle((done, failure) -> frames);
    }

    /** The handle of a popped record: its POP_CK when the broker set one (revived messages), else built. */
    static ReceiptHandle handle(StoredMessageView record, PopHeaders.PopResponse popped,
            Map<String, Long> startOffsets, String brokerName) {
        String popCk = record.property("POP_CK");
        if (popCk != null && !popCk.isBlank()) {
            return ReceiptHandle.decode(popCk).withCommitLogOffset(record.physicalOffset());
        }
        Long start = startOffsets.get(PopOffsetInfo.key(record.topic(), record.queueId()));
        return new ReceiptHandle(start == null ? record.queueOffset() : start, popped.popTime(),
                popped.invisibleTime(), popped.reviveQid(), PopNames.retryMarker(record.topic()), brokerName,
                record.queueId(), record.queueOffset(), record.physicalOffset());
    }

    private long invisibleTime(ReceiveMessageRequest request) {
        if (!request.hasInvisibleDuration()) {
            throw new GrpcException(Code.ILLEGAL_INVISIBLE_TIME, "the invisibleTime is too small. min is "
                    + config.minInvisibleMillisForReceive());
        }
        long invisible = ProtoTime.millis(request.getInvisibleDuration());
        if (invisible < config.minInvisibleMillisForReceive()) {
            throw new GrpcException(Code.ILLEGAL_INVISIBLE_TIME, "the invisibleTime is too small. min is "
                    + config.minInvisibleMillisForReceive());
        }
        if (invisible > config.maxInvisibleMillis()) {
            throw new GrpcException(Code.ILLEGAL_INVISIBLE_TIME, "the invisibleTime is too large. max is "
                    + config.maxInvisibleMillis());
        }
        return invisible;
    }

    /**
     * The long-polling time: the request's, clamped to the configured bounds, and within the call's deadline
     * (leaving time for the answer); a deadline too close for the shortest poll is ILLEGAL_POLLING_TIME.
     */
    private long pollTime(ReceiveMessageRequest request, Deadline deadline) {
        long remaining = deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(TimeUnit.MILLISECONDS);
        long wanted = request.hasLongPollingTimeout() ? ProtoTime.millis(request.getLongPollingTimeout())
                : remaining - NETWORK_RESERVE_MILLIS;
        long poll = Math.max(config.minLongPollingMillis(), Math.min(config.maxLongPollingMillis(), wanted));
        long available = remaining - NETWORK_RESERVE_MILLIS / 2;
        if (poll > available) {
            if (available < config.minLongPollingMillis()) {
                throw new GrpcException(Code.ILLEGAL_POLLING_TIME, "the polling time " + poll
                        + " ms does not fit the request's deadline (" + remaining + " ms left); min is "
                        + config.minLongPollingMillis());
            }
            poll = available;
        }
        return poll;
    }

    private static ReceiveMessageResponse status(Code code, String message) {
        return ReceiveMessageResponse.newBuilder().setStatus(GrpcStatuses.status(code, message)).build();
    }
}
