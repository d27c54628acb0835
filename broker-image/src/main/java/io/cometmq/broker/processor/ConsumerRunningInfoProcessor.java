package io.cometmq.broker.processor;

import io.cometmq.broker.client.ClientChannel;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.ConsumerAdminHeaders.ConsumerRunningInfo;
import io.cometmq.protocol.netty.RemotingTimeoutException;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * GET_CONSUMER_RUNNING_INFO: only the consumer knows its running state, so the broker forwards the admin's
 * request to that client's connection and relays the answer (body: ConsumerRunningInfo) back, without holding a
 * thread while it waits.
 */
public final class ConsumerRunningInfoProcessor implements RequestProcessor {

    /** RocketMQ's broker waits this long for the client. */
    private static final long CLIENT_TIMEOUT_MILLIS = 10_000;

    /** Sends a request to a client connection and completes with its response. */
    @FunctionalInterface
    public interface ClientCall {
        CompletableFuture<RemotingCommand> invoke(Channel channel, RemotingCommand request, long timeoutMillis);
    }

    private final ConsumerManager consumers;
    private final ClientCall call;

    public ConsumerRunningInfoProcessor(ConsumerManager consumers, ClientCall call) {
        this.consumers = consumers;
        this.call = call;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        ConsumerRunningInfo header = ConsumerRunningInfo.decode(request);
        String groupName = header.consumerGroup();
        String clientId = header.clientId();
        ClientChannel member = find(groupName, clientId);
        if (member == null) {
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    String.format("The Consumer <%s> <%s> not online", groupName, clientId)));
        }
        RemotingCommand forward = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO,
                request.extFields() == null ? null : new LinkedHashMap<>(request.extFields())).body(request.body());
        return call.invoke(member.channel(), forward, CLIENT_TIMEOUT_MILLIS)
                .handle((answer, failure) -> failure == null ? relay(request, answer)
                        : failed(request, groupName, clientId, failure));
    }

    private ClientChannel find(String groupName, String clientId) {
        ConsumerGroup group = consumers.group(groupName);
        if (group == null) {
            return null;
        }
        return group.members().stream().filter(m -> m.clientId().equals(clientId) && m.channel().isActive())
                .findFirst().orElse(null);
    }

    private static RemotingCommand relay(RemotingCommand request, RemotingCommand answer) {
        RemotingCommand response = RemotingCommand.responseTo(request, answer.code(), answer.remark())
                .body(answer.body());
        response.putFields(answer.extFields());
        return response;
    }

    private static RemotingCommand failed(RemotingCommand request, String group, String clientId,
            Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RemotingTimeoutException) {
            return RemotingCommand.responseTo(request, ResponseCode.CONSUME_MSG_TIMEOUT,
                    String.format("consumer <%s> <%s> Timeout: %s", group, clientId, cause.getMessage()));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                String.format("invoke consumer <%s> <%s> Exception: %s", group, clientId, cause.getMessage()));
    }
}
