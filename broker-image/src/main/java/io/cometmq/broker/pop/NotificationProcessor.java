package io.cometmq.broker.pop;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * NOTIFICATION: long polling without popping. Answers {@code hasMsg=true} as soon as the group has something to pop
 * in the topic (one queue or all) or its retry topics, {@code hasMsg=false} when {@code pollTime} runs out.
 */
public final class NotificationProcessor implements RequestProcessor {

    private final PopServices s;

    public NotificationProcessor(PopServices services) {
        this.s = services;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        PopHeaders.NotificationRequest notification = PopHeaders.NotificationRequest.decode(request);
        TopicConfig topic = s.topics().get(notification.topic());
        if (topic == null) {
            return done(RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "topic["
                    + notification.topic() + "] not exist, apply first please!"));
        }
        if (s.groups().find(notification.group()) == null) {
            return done(RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + notification.group() + "] does not exist"));
        }
        if (notification.queueId() >= topic.readQueueNums() || notification.queueId() < PopHeaders.ALL_QUEUES) {
            return done(RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "queueId["
                    + notification.queueId() + "] is illegal, topic:[" + notification.topic() + "] readQueueNums:["
                    + topic.readQueueNums() + "]"));
        }
        return attempt(context, request, notification, s.clock().millis() + Math.max(0, notification.pollTime()));
    }

    private CompletableFuture<RemotingCommand> attempt(RequestContext context, RemotingCommand request,
            PopHeaders.NotificationRequest n, long deadline) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(n.topic());
        topics.add(s.retryTopicToWrite(n.topic(), n.group()));
        List<String> retryTopics = n.order() ? List.of() : s.retryTopicsToRead(n.topic(), n.group());
        topics.addAll(retryTopics);
        long mark = s.polling().arrivalMark(topics);
        boolean hasMsg = hasMessage(n, retryTopics);
        if (hasMsg || n.pollTime() <= 0 || s.clock().millis() >= deadline) {
            return done(answer(request, hasMsg, false));
        }
        context.markLongPolling();
        CompletableFuture<RemotingCommand> later = new CompletableFuture<>();
        PopLongPolling.Parked parked = new PopLongPolling.Parked(
                PopQueueLocks.key(n.topic(), n.group(), n.queueId()), n.topic(), topics, n.queueId(), deadline,
                () -> attempt(context, request, n, deadline).thenAccept(later::complete),
                () -> later.complete(answer(request, false, false)));
        if (!s.polling().park(parked, mark)) {
            return done(answer(request, false, true));
        }
        return later;
    }

    private boolean hasMessage(PopHeaders.NotificationRequest n, List<String> retryTopics) {
        if (n.queueId() >= 0) {
            if (backlog(n.topic(), n.group(), n.queueId(), n)) {
                return true;
            }
        } else {
            TopicConfig config = s.topics().get(n.topic());
            for (int q = 0; config != null && q < config.readQueueNums(); q++) {
                if (backlog(n.topic(), n.group(), q, n)) {
                    return true;
                }
            }
        }
        for (String retry : retryTopics) {
            TopicConfig config = s.topics().get(retry);
            for (int q = 0; config != null && q < config.readQueueNums(); q++) {
                if (backlog(retry, n.group(), q, n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean backlog(String topic, String group, int queueId, PopHeaders.NotificationRequest n) {
        if (n.order() && s.order() != null && s.order().blocked(topic, group, queueId, n.attemptId(),
                s.clock().millis())) {
            return false;
        }
        long offset = s.offsets().query(group, topic, queueId);
        if (offset < 0) {
            offset = s.store().minOffsetInQueue(topic, queueId);
        }
        return s.store().maxOffsetInQueue(topic, queueId) > offset;
    }

    private static RemotingCommand answer(RemotingCommand request, boolean hasMsg, boolean pollingFull) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putFields(new PopHeaders.NotificationResponse(hasMsg, pollingFull).encode());
    }

    private static CompletableFuture<RemotingCommand> done(RemotingCommand response) {
        return CompletableFuture.completedFuture(response);
    }
}
