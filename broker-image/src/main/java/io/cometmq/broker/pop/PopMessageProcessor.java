package io.cometmq.broker.pop;

import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.SubscriptionData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.PopHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import io.cometmq.protocol.pop.PopNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * POP_MESSAGE: hands out up to 32 messages of a topic (one queue, or all readable queues from a random one) that stay
 * invisible to the group for {@code invisibleTime} unless acked. The group's retry topics are read first with
 * popFromRetryProbability, and after the topic when it gave fewer than asked. The consumer offset moves at pop time;
 * what comes back when no ack arrives is the revive service's job. An empty pop with {@code pollTime} waits for a
 * message ({@link PopLongPolling}) and is answered POLLING_TIMEOUT when none comes.
 */
public final class PopMessageProcessor implements RequestProcessor {

    static final int MAX_MESSAGES = 32;
    /** A request that reaches the broker later than this after its poll time is over is not served. */
    private static final long LATE_TOLERANCE_MILLIS = 500;

    private final PopServices s;
    private final QueuePopper popper;

    public PopMessageProcessor(PopServices services) {
        this.s = services;
        this.popper = new QueuePopper(services, new PopQueueLocks());
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        PopHeaders.PopRequest pop = PopHeaders.PopRequest.decode(request);
        RemotingCommand refusal = refusal(request, pop);
        if (refusal != null) {
            return done(refusal);
        }
        MessageFilter filter;
        try {
            filter = filter(pop);
        } catch (IllegalArgumentException e) {
            return done(RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage()));
        }
        long now = s.clock().millis();
        if (pop.pollTime() > 0 && pop.bornTime() > 0
                && now - pop.bornTime() - pop.pollTime() > LATE_TOLERANCE_MILLIS) {
            return done(empty(request, ResponseCode.POLLING_TIMEOUT, "pop message is timeout too much", pop,
                    now, 0));
        }
        return attempt(context, request, pop, filter, now + Math.max(0, pop.pollTime()));
    }

    /** Checks the request against the broker, group and topic; null when it may be served. */
    private RemotingCommand refusal(RemotingCommand request, PopHeaders.PopRequest pop) {
        if (pop.maxMessages() < 1 || pop.maxMessages() > MAX_MESSAGES) {
            return error(request, ResponseCode.INVALID_PARAMETER, "maxMsgNums must be 1 to " + MAX_MESSAGES
                    + ", was " + pop.maxMessages());
        }
        if (pop.invisibleTime() <= 0) {
            return error(request, ResponseCode.INVALID_PARAMETER, "invisibleTime must be positive, was "
                    + pop.invisibleTime());
        }
        if (!s.readable().getAsBoolean()) {
            return error(request, ResponseCode.NO_PERMISSION, "the broker[" + s.brokerAddr()
                    + "] pop message is forbidden");
        }
        if (!s.role().isMaster()) {
            return error(request, ResponseCode.NO_PERMISSION, "broker " + s.brokerAddr() + " is a slave: POP "
                    + "commits offsets and writes check points, pop from the master of " + s.brokerName());
        }
        if (pop.order() && s.order() == null) {
            return error(request, ResponseCode.SYSTEM_ERROR, "FIFO POP (order=true) is not available on this "
                    + "broker yet");
        }
        SubscriptionGroupConfig group = s.groups().find(pop.group());
        if (group == null) {
            return error(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group ["
                    + pop.group() + "] does not exist and autoCreateSubscriptionGroup is off");
        }
        if (!group.consumeEnable()) {
            return error(request, ResponseCode.NO_PERMISSION, "subscription group [" + pop.group()
                    + "] consumption is disabled");
        }
        TopicConfig topic = s.topics().get(pop.topic());
        if (topic == null) {
            return error(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + pop.topic()
                    + "] not exist, apply first please!");
        }
        if ((topic.perm() & TopicConfig.PERM_READ) == 0) {
            return error(request, ResponseCode.NO_PERMISSION, "the topic[" + pop.topic()
                    + "] peeking message is forbidden");
        }
        if (pop.queueId() >= topic.readQueueNums() || pop.queueId() < PopHeaders.ALL_QUEUES) {
            return error(request, ResponseCode.INVALID_PARAMETER, "queueId[" + pop.queueId()
                    + "] is illegal, topic:[" + pop.topic() + "] readQueueNums:[" + topic.readQueueNums() + "]");
        }
        return null;
    }

    private static MessageFilter filter(PopHeaders.PopRequest pop) {
        String type = pop.expressionType();
        if (type != null && !type.isBlank() && !"TAG".equalsIgnoreCase(type)) {
            throw new IllegalArgumentException("expression type " + type + " is not supported; CometMQ filters "
                    + "by TAG");
        }
        SubscriptionData subscription = SubscriptionData.ofTagExpression(pop.topic(), pop.expression(), 0);
        return subscription.matchesAll() ? MessageFilter.ALL : MessageFilter.byTagsCodes(subscription.codeSet());
    }

    /** Pops once; when nothing is there, parks the request until a message arrives or {@code deadline}. */
    private CompletableFuture<RemotingCommand> attempt(RequestContext context, RemotingCommand request,
            PopHeaders.PopRequest pop, MessageFilter filter, long deadline) {
        List<String> retryTopics = pop.order() ? List.of() : s.retryTopicsToRead(pop.topic(), pop.group());
        Set<String> readTopics = new LinkedHashSet<>();
        readTopics.add(pop.topic());
        readTopics.add(s.retryTopicToWrite(pop.topic(), pop.group())); // may not exist yet: a revive creates it
        readTopics.addAll(retryTopics);
        long mark = s.polling().arrivalMark(readTopics);
        PopBatch batch = popOnce(pop, filter, retryTopics);
        long now = s.clock().millis();
        if (!batch.isEmpty()) {
            RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .putFields(batch.header().encode());
            // zero-copy: the mapped slices (and any retry copies) go to the socket as they are
            return done(s.store().config().transfer().byHeap() ? response.body(batch.body())
                    : response.bodyParts(batch.messages));
        }
        if (batch.failure != null) {
            return done(error(request, ResponseCode.SYSTEM_ERROR, batch.failure));
        }
        if (pop.pollTime() <= 0 || now >= deadline) {
            return done(empty(request, ResponseCode.POLLING_TIMEOUT, "no new message", pop, batch.popTime,
                    batch.restNum));
        }
        context.markLongPolling();
        CompletableFuture<RemotingCommand> later = new CompletableFuture<>();
        PopLongPolling.Parked parked = new PopLongPolling.Parked(
                PopQueueLocks.key(pop.topic(), pop.group(), pop.queueId()), pop.topic(), readTopics, pop.queueId(),
                deadline,
                () -> attempt(context, request, pop, filter, deadline).whenComplete((answer, failure) -> {
                    if (failure != null) {
                        later.completeExceptionally(failure);
                    } else {
                        later.complete(answer);
                    }
                }),
                () -> later.complete(empty(request, ResponseCode.POLLING_TIMEOUT, "no new message", pop,
                        s.clock().millis(), 0)));
        if (!s.polling().park(parked, mark)) {
            return done(empty(request, ResponseCode.POLLING_FULL, "pop polling is full: too many requests wait for "
                    + pop.topic() + " and group " + pop.group(), pop, batch.popTime, batch.restNum));
        }
        return later;
    }

    private PopBatch popOnce(PopHeaders.PopRequest pop, MessageFilter filter, List<String> retryTopics) {
        long popTime = s.clock().millis();
        int reviveQid = pop.order() ? PopNames.ORDER_REVIVE_QID : s.reviveLog().nextQueue();
        PopBatch batch = new PopBatch(popTime, pop.invisibleTime(), reviveQid, pop.maxMessages());
        boolean retryFirst = !retryTopics.isEmpty()
                && ThreadLocalRandom.current().nextInt(100) < s.pop().popFromRetryProbability();
        if (retryFirst) {
            retryTopics.forEach(retry -> popTopic(pop, retry, PopHeaders.ALL_QUEUES, filter, batch));
        }
        popTopic(pop, pop.topic(), pop.queueId(), filter, batch);
        if (!retryFirst && batch.room() > 0) {
            retryTopics.forEach(retry -> popTopic(pop, retry, PopHeaders.ALL_QUEUES, filter, batch));
        }
        return batch;
    }

    private void popTopic(PopHeaders.PopRequest pop, String topic, int queueId, MessageFilter filter,
            PopBatch batch) {
        if (queueId >= 0) {
            popper.pop(pop, topic, pop.topic(), queueId, filter, batch);
            return;
        }
        TopicConfig config = s.topics().get(topic);
        if (config == null || config.readQueueNums() <= 0) {
            return;
        }
        int queues = config.readQueueNums();
        int first = ThreadLocalRandom.current().nextInt(queues);
        for (int i = 0; i < queues; i++) {
            popper.pop(pop, topic, pop.topic(), (first + i) % queues, filter, batch);
        }
    }

    /** A response without messages; the header is complete because the client decodes it whatever the code. */
    private static RemotingCommand empty(RemotingCommand request, int code, String remark, PopHeaders.PopRequest pop,
            long popTime, long restNum) {
        return RemotingCommand.responseTo(request, code, remark).putFields(new PopHeaders.PopResponse(popTime,
                pop.invisibleTime(), 0, restNum, null, null, null).encode());
    }

    private static RemotingCommand error(RemotingCommand request, int code, String remark) {
        return RemotingCommand.responseTo(request, code, remark);
    }

    private static CompletableFuture<RemotingCommand> done(RemotingCommand response) {
        return CompletableFuture.completedFuture(response);
    }
}
