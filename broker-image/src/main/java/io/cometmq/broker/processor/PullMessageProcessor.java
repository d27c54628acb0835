package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.BrokerStats;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.longpoll.HeldPull;
import io.cometmq.broker.longpoll.PullRequestHoldService;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.store.GetResult;
import io.cometmq.broker.store.GetStatus;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.SubscriptionData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.PullMessageHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * PULL_MESSAGE and LITE_PULL_MESSAGE: read a queue from an offset, filtered by the subscription's tags; when
 * nothing is there and the client allows it, hold the request until a message arrives (long polling).
 */
public final class PullMessageProcessor implements RequestProcessor {

    private static final int FLAG_COMMIT_OFFSET = 1;
    private static final int FLAG_SUSPEND = 2;
    private static final int FLAG_SUBSCRIPTION = 4;
    /** A held pull must be answered well before the client's own 30 s timeout. */
    private static final long MAX_HOLD_MILLIS = 20_000;
    private static final int MAX_BYTES_PER_PULL = 4 * 1024 * 1024;

    private final BrokerConfig config;
    private final Clock clock;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final PullRequestHoldService longPolling;
    private final BrokerStats stats;
    private final RoleState role;
    private final String brokerAddr;
    private final java.util.function.BooleanSupplier masterAlive;
    private final MessageMetrics metrics;

    /** @param masterAlive whether this broker's master is registered (only asked on slaves) */
    public PullMessageProcessor(BrokerConfig config, Clock clock, MessageStore store, TopicConfigManager topics,
            SubscriptionGroupManager groups, ConsumerOffsetManager offsets, ConsumerManager consumers,
            PullRequestHoldService longPolling, BrokerStats stats, RoleState role, String brokerAddr,
            java.util.function.BooleanSupplier masterAlive, MessageMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.offsets = offsets;
        this.consumers = consumers;
        this.longPolling = longPolling;
        this.stats = stats;
        this.role = role;
        this.brokerAddr = brokerAddr;
        this.masterAlive = masterAlive;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        PullMessageHeaders.Request pull = PullMessageHeaders.Request.decode(request);
        if (!config.isReadable()) {
            return done(error(request, ResponseCode.NO_PERMISSION, "the broker[" + brokerAddr
                    + "] pulling message is forbidden"));
        }
        SubscriptionGroupConfig group = groups.find(pull.group());
        if (group == null) {
            return done(error(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group ["
                    + pull.group() + "] does not exist and autoCreateSubscriptionGroup is off"));
        }
        if (!group.consumeEnable()) {
            return done(error(request, ResponseCode.NO_PERMISSION, "subscription group [" + pull.group()
                    + "] consumption is disabled"));
        }
        TopicConfig topic = topics.get(pull.topic());
        if (topic == null) {
            return done(error(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + pull.topic()
                    + "] not exist, apply first please!"));
        }
        if ((topic.perm() & TopicConfig.PERM_READ) == 0) {
            return done(error(request, ResponseCode.NO_PERMISSION, "the topic[" + pull.topic()
                    + "] pulling message is forbidden"));
        }
        if (pull.queueId() < 0 || pull.queueId() >= topic.readQueueNums()) {
            return done(error(request, ResponseCode.INVALID_PARAMETER, "queueId[" + pull.queueId()
                    + "] is illegal, topic:[" + pull.topic() + "] readQueueNums:[" + topic.readQueueNums() + "]"));
        }
        Subscribed subscribed = subscription(request, pull);
        if (subscribed.refusal() != null) {
            return done(subscribed.refusal());
        }
        SubscriptionData subscription = subscribed.subscription();
        if (pull.has(FLAG_COMMIT_OFFSET) && role.isMaster()) {
            offsets.commit(pull.group(), pull.topic(), pull.queueId(), pull.commitOffset());
        }
        long reset = offsets.pendingReset(pull.group(), pull.topic(), pull.queueId());
        if (reset >= 0) {
            if (reset != pull.offset()) {
                return done(offsetMoved(request, pull, reset));
            }
            offsets.clearReset(pull.group(), pull.topic(), pull.queueId());
        }
        MessageFilter filter = subscription.matchesAll() ? MessageFilter.ALL
                : MessageFilter.byTagsCodes(subscription.codeSet());
        RemotingCommand response = execute(request, pull, filter, group);
        boolean mayHold = pull.has(FLAG_SUSPEND) && response.code() == ResponseCode.PULL_NOT_FOUND;
        if (!mayHold) {
            return done(response);
        }
        context.markLongPolling();
        return hold(request, pull, filter, group);
    }

    /** The subscription a pull filters by, or the answer refusing the pull. */
    private record Subscribed(SubscriptionData subscription, RemotingCommand refusal) {

        static Subscribed refused(RemotingCommand refusal) {
            return new Subscribed(null, refusal);
        }
    }

    /** From the request when it carries one (FLAG_SUBSCRIPTION), else from the group's last heartbeat. */
    private Subscribed subscription(RemotingCommand request, PullMessageHeaders.Request pull) {
        if (pull.has(FLAG_SUBSCRIPTION)) {
            if (!"TAG".equalsIgnoreCase(pull.expressionType())) {
                return Subscribed.refused(error(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED, "expression type "
                        + pull.expressionType() + " is not supported; CometMQ filters by TAG"));
            }
            try {
                return new Subscribed(SubscriptionData.ofTagExpression(pull.topic(), pull.subscription(),
                        pull.subVersion()), null);
            } catch (IllegalArgumentException e) {
                return Subscribed.refused(error(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage()));
            }
        }
        ConsumerGroup members = consumers.group(pull.group());
        if (members == null) {
            return Subscribed.refused(error(request, ResponseCode.SUBSCRIPTION_NOT_EXIST, "consumer group "
                    + pull.group() + " is not online on this broker; its heartbeat has not arrived yet"));
        }
        SubscriptionData subscription = members.subscription(pull.topic());
        if (subscription == null) {
            return Subscribed.refused(error(request, ResponseCode.SUBSCRIPTION_NOT_EXIST, "consumer group "
                    + pull.group() + " has no subscription to " + pull.topic()));
        }
        if (subscription.subVersion() < pull.subVersion()) {
            return Subscribed.refused(error(request, ResponseCode.SUBSCRIPTION_NOT_LATEST,
                    "the consumer's subscription is newer than the broker's; wait for the next heartbeat"));
        }
        return new Subscribed(subscription, null);
    }

    /** Holds a pull that found nothing until a message arrives or its time is up, then answers it. */
    private CompletableFuture<RemotingCommand> hold(RemotingCommand request, PullMessageHeaders.Request pull, MessageFilter filter,
            SubscriptionGroupConfig group) {
        CompletableFuture<RemotingCommand> later = new CompletableFuture<>();
        long hold = config.longPollingEnable()
                ? Math.min(pull.suspendMillis(), MAX_HOLD_MILLIS) : config.shortPollingTimeMills();
        longPolling.hold(new HeldPull(pull.topic(), pull.queueId(), pull.offset(),
                clock.millis() + hold, filter::matchesTagsCode, () -> {
                    try {
                        later.complete(execute(request, pull, filter, group));
                    } catch (RuntimeException e) {
                        later.completeExceptionally(e);
                    }
                }));
        return later;
    }

    /** One store read turned into a response (no holding here). */
    private RemotingCommand execute(RemotingCommand request, PullMessageHeaders.Request pull, MessageFilter filter,
            SubscriptionGroupConfig group) {
        int maxBytes = Math.min(pull.maxBytes() <= 0 ? MAX_BYTES_PER_PULL : pull.maxBytes(), MAX_BYTES_PER_PULL);
        GetResult result = store.getForConsumer(pull.topic(), pull.queueId(), pull.offset(),
                Math.max(1, Math.min(pull.maxMessages(), 64)), maxBytes, filter);
        int code = switch (result.status()) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE, OFFSET_FOUND_NULL -> ResponseCode.PULL_NOT_FOUND;
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> ResponseCode.PULL_OFFSET_MOVED;
            case NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE ->
                    pull.offset() != 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
        };
        offsets.recordPull(pull.group(), pull.topic(), pull.queueId(), result.nextBeginOffset());
        RemotingCommand response = RemotingCommand.responseTo(request, code, result.status().name())
                .putFields(new PullMessageHeaders.Response(suggestBroker(result, group), result.nextBeginOffset(),
                        result.minOffset(), result.maxOffset()).encode());
        if (result.status() == GetStatus.FOUND) {
            if (config.store().transfer().byHeap()) {
                response.body(result.toBody());
            } else {
                response.bodyParts(result.messages()); // written to the socket from the mapped commit log
            }
            stats.got(result.messageCount());
            metrics.messagesOut(pull.topic(), pull.group(), result.messageCount(), result.totalBytes());
        }
        return response;
    }

    /**
     * Read-from-slave advice: a consumer whose data is further behind the log's end than the share of memory
     * allowed for hot data is pointed at the group's slave (when slave reads are on); everyone else at the master.
     */
    private long suggestBroker(GetResult result, SubscriptionGroupConfig group) {
        if (!role.isMaster()) {
            // a slave serves while its master is away; once the master is back, consumers go home to it
            return masterAlive.getAsBoolean() ? 0 : role.brokerId();
        }
        if (!config.slaveReadEnable() || result.messages().isEmpty()) {
            return group.brokerId();
        }
        long behind = store.commitLogMaxOffset() - physicalOffsetOf(result);
        return behind > config.store().transfer().hotBytes() ? group.whichBrokerWhenConsumeSlowly() : group.brokerId();
    }

    private static long physicalOffsetOf(GetResult result) {
        return new StoredMessageView(result.messages().get(result.messages().size() - 1).duplicate())
                .physicalOffset();
    }

    private RemotingCommand offsetMoved(RemotingCommand request, PullMessageHeaders.Request pull, long resetOffset) {
        return RemotingCommand.responseTo(request, ResponseCode.PULL_OFFSET_MOVED, "OFFSET_RESET")
                .putFields(new PullMessageHeaders.Response(0, resetOffset,
                        store.minOffsetInQueue(pull.topic(), pull.queueId()),
                        store.maxOffsetInQueue(pull.topic(), pull.queueId())).encode());
    }

    private static RemotingCommand error(RemotingCommand request, int code, String remark) {
        return RemotingCommand.responseTo(request, code, remark);
    }

    private static CompletableFuture<RemotingCommand> done(RemotingCommand response) {
        return CompletableFuture.completedFuture(response);
    }
}
