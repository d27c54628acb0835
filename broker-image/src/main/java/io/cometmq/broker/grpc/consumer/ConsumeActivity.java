package io.cometmq.broker.grpc.consumer;

import apache.rocketmq.v2.AckMessageEntry;
import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.AckMessageResultEntry;
import apache.rocketmq.v2.ChangeInvisibleDurationRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationResponse;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse;
import apache.rocketmq.v2.Status;
import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.broker.grpc.GrpcStatuses;
import io.cometmq.broker.grpc.ProtoTime;
import io.cometmq.broker.grpc.client.GrpcClient;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.header.SendBackHeaders;
import io.cometmq.protocol.pop.ReceiptHandle;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * AckMessage, ChangeInvisibleDuration and ForwardMessageToDeadLetterQueue: each handle is self-describing, so the
 * request goes to the master of the broker group the handle names (ACK_MESSAGE, CHANGE_MESSAGE_INVISIBLETIME,
 * CONSUMER_SEND_MSG_BACK), whichever pod the client reached.
 */
public final class ConsumeActivity {

    private static final long TIMEOUT_MILLIS = 3_000;

    private final GrpcConfig config;
    private final RemotingGateway gateway;
    private final HandleRenewer renewer;

    public ConsumeActivity(GrpcConfig config, RemotingGateway gateway, HandleRenewer renewer) {
        this.config = config;
        this.gateway = gateway;
        this.renewer = renewer;
    }

    public CompletableFuture<AckMessageResponse> ack(GrpcClient client, AckMessageRequest request) {
        String group = group(request.getGroup().getName());
        String topic = RouteActivity.topicName(request.getTopic());
        if (request.getEntriesCount() == 0) {
            throw new GrpcException(Code.BAD_REQUEST, "no entry to ack");
        }
        List<CompletableFuture<AckMessageResultEntry>> results = new ArrayList<>();
        for (AckMessageEntry entry : request.getEntriesList()) {
            results.add(ackOne(client, group, topic, entry));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            AckMessageResponse.Builder response = AckMessageResponse.newBuilder();
            results.forEach(result -> response.addEntries(result.join()));
            response.setStatus(summary(response.getEntriesList().stream().map(AckMessageResultEntry::getStatus)
                    .toList()));
            return response.build();
        });
    }

    private CompletableFuture<AckMessageResultEntry> ackOne(GrpcClient client, String group, String topic,
            AckMessageEntry entry) {
        AckMessageResultEntry.Builder result = AckMessageResultEntry.newBuilder().setMessageId(entry.getMessageId())
                .setReceiptHandle(entry.getReceiptHandle());
        ReceiptHandle handle;
        try {
            handle = renewer.takeLatest(client.clientId(), group, ReceiptHandle.decode(entry.getReceiptHandle()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(result.setStatus(GrpcStatuses.status(
                    Code.INVALID_RECEIPT_HANDLE, e.getMessage())).build());
        }
        return ack(client.channel(), group, topic, handle).handle((status, failure) ->
                result.setStatus(failure != null ? GrpcStatuses.ofFailure(failure) : status).build());
    }

    /** ACK_MESSAGE for one handle, to the broker it names. */
    CompletableFuture<Status> ack(Channel channel, String group, String topic, ReceiptHandle handle) {
        PopHeaders.AckRequest header = new PopHeaders.AckRequest(group, handle.realTopic(topic, group),
                handle.queueId(), handle.encodeWithoutCommitLogOffset(), handle.queueOffset());
        return gateway.invoke(handle.brokerName(), channel, RemotingCommand.request(RequestCode.ACK_MESSAGE,
                header.encode()), TIMEOUT_MILLIS).thenApply(response -> response != null
                        && response.code() != ResponseCode.SUCCESS
                        ? GrpcStatuses.status(Code.INTERNAL_SERVER_ERROR, "ack failed: status is abnormal ("
                                + response.code() + " " + response.remark() + ")")
                        : GrpcStatuses.ok());
    }

    public CompletableFuture<ChangeInvisibleDurationResponse> changeInvisible(GrpcClient client,
            ChangeInvisibleDurationRequest request) {
        String group = group(request.getGroup().getName());
        String topic = RouteActivity.topicName(request.getTopic());
        long invisible = ProtoTime.millis(request.getInvisibleDuration());
        if (invisible < 0) {
            throw new GrpcException(Code.ILLEGAL_INVISIBLE_TIME, "the invisibleTime is too small. min is 0");
        }
        if (invisible > config.maxInvisibleMillis()) {
            throw new GrpcException(Code.ILLEGAL_INVISIBLE_TIME, "the invisibleTime is too large. max is "
                    + config.maxInvisibleMillis());
        }
        ReceiptHandle handle = renewer.takeLatest(client.clientId(), group, handle(request.getReceiptHandle()));
        PopHeaders.ChangeInvisibleRequest header = new PopHeaders.ChangeInvisibleRequest(group,
                handle.realTopic(topic, group), handle.queueId(), handle.encodeWithoutCommitLogOffset(),
                handle.queueOffset(), invisible);
        return gateway.invoke(handle.brokerName(), client.channel(), RemotingCommand.request(
                RequestCode.CHANGE_MESSAGE_INVISIBLETIME, header.encode()), TIMEOUT_MILLIS).thenApply(response -> {
                    if (response == null || response.code() != ResponseCode.SUCCESS) {
                        return ChangeInvisibleDurationResponse.newBuilder().setStatus(GrpcStatuses.status(
                                Code.INTERNAL_SERVER_ERROR, "changeInvisibleDuration failed: status is abnormal"
                                        + (response == null ? "" : " (" + response.code() + " "
                                        + response.remark() + ")"))).build();
                    }
                    PopHeaders.ChangeInvisibleResponse changed = PopHeaders.ChangeInvisibleResponse.decode(response);
                    return ChangeInvisibleDurationResponse.newBuilder().setStatus(GrpcStatuses.ok())
                            .setReceiptHandle(handle.renewed(changed.popTime(), changed.invisibleTime(),
                                    changed.reviveQid()).encode()).build();
                });
    }

    public CompletableFuture<ForwardMessageToDeadLetterQueueResponse> forwardToDeadLetterQueue(GrpcClient client,
            ForwardMessageToDeadLetterQueueRequest request) {
        String group = group(request.getGroup().getName());
        String topic = RouteActivity.topicName(request.getTopic());
        ReceiptHandle handle = handle(request.getReceiptHandle());
        return deadLetter(client.channel(), group, topic, handle).thenApply(status ->
                ForwardMessageToDeadLetterQueueResponse.newBuilder().setStatus(status).build());
    }

    /** CONSUMER_SEND_MSG_BACK with max reconsume times 0 (straight to %DLQ%group), then the ack. */
    CompletableFuture<Status> deadLetter(Channel channel, String group, String topic, ReceiptHandle handle) {
        if (handle.commitLogOffset() == ReceiptHandle.NO_COMMIT_LOG_OFFSET) {
            throw new GrpcException(Code.INVALID_RECEIPT_HANDLE, "commit log offset is empty");
        }
        SendBackHeaders.SendBack header = new SendBackHeaders.SendBack(group, handle.commitLogOffset(), -1, 0);
        return gateway.invoke(handle.brokerName(), channel, RemotingCommand.request(
                RequestCode.CONSUMER_SEND_MSG_BACK, header.encode()), TIMEOUT_MILLIS).thenCompose(response -> {
                    if (response != null && response.code() != ResponseCode.SUCCESS) {
                        return CompletableFuture.completedFuture(GrpcStatuses.of(response));
                    }
                    return ack(channel, group, topic, handle);
                });
    }

    static ReceiptHandle handle(String value) {
        try {
            return ReceiptHandle.decode(value);
        } catch (IllegalArgumentException e) {
            throw new GrpcException(Code.INVALID_RECEIPT_HANDLE, e.getMessage());
        }
    }

    static String group(String name) {
        if (name == null || name.isBlank()) {
            throw new GrpcException(Code.ILLEGAL_CONSUMER_GROUP, "group is empty");
        }
        return name;
    }

    /** One code for all entries, or MULTIPLE_RESULTS. */
    static Status summary(List<Status> statuses) {
        Code first = statuses.isEmpty() ? Code.OK : statuses.get(0).getCode();
        for (Status status : statuses) {
            if (status.getCode() != first) {
                return GrpcStatuses.status(Code.MULTIPLE_RESULTS, "entries have different results");
            }
        }
        return statuses.isEmpty() || first == Code.OK ? GrpcStatuses.ok() : statuses.get(0);
    }
}
