package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerServices;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.longpoll.HeldPull;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.store.GetResult;
import io.cometmq.broker.store.GetStatus;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.SubscriptionData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.PullMessageHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.lang.management.ManagementFactory;
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

    private final BrokerServices services;
    private final long memoryBytes;
    private final java.util.function.BooleanSupplier masterAlive;

    /** @param masterAlive whether this broker's master is registered (only asked on slaves) */
    public PullMessageProcessor(BrokerServices services, java.util.function.BooleanSupplier masterAlive) {
        this.services = services;
        this.masterAlive = masterAlive;
        this.memoryBytes = physicalMemory();
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) {
        PullMessageHeaders.Request pull = PullMessageHeaders.Request.decode(request);
        if (!services.config().isReadable()) {
            return done(error(request, ResponseCode.NO_PERMISSION, "the broker[" + services.brokerAddr()
                    + "] pulling message is forbidden"));
        }
        SubscriptionGroupConfig group = services.groups().find(pull.group());
        if (group == null) {
            return done(error(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group ["
                    + pull.group() + "] does not exist and autoCreateSubscriptionGroup is off"));
        }
        if (!group.consumeEnable()) {
            return done(error(request, ResponseCode.NO_PERMISSION, "subscription group [" + pull.group()
                    + "] consumption is disabled"));
        }
        TopicConfig topic = services.topics().get(pull.topic());
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
        SubscriptionData subscription;
        if (pull.has(FLAG_SUBSCRIPTION)) {
            if (!"TAG".equalsIgnoreCase(pull.expressionType())) {
                return done(error(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED, "expression type "
                        + pull.expressionType() + " is not supported; CometMQ filters by TAG"));
            }
            try {
                subscription = SubscriptionData.ofTagExpression(pull.topic(), pull.subscription(), pull.subVersion());
            } catch (IllegalArgumentException e) {
                return done(error(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage()));
            }
        } else {
            ConsumerGroup members = services.consumers().group(pull.group());
            if (members == null) {
                return done(error(request, ResponseCode.SUBSCRIPTION_NOT_EXIST, "consumer group " + pull.group()
                        + " is not online on this broker; its heartbeat has not arrived yet"));
            }
            subscription = members.subscription(pull.topic());
            if (subscription == null) {
                return done(error(request, ResponseCode.SUBSCRIPTION_NOT_EXIST, "consumer group " + pull.group()
                        + " has no subscription to " + pull.topic()));
            }
            if (subscription.subVersion() < pull.subVersion()) {
                return done(error(request, ResponseCode.SUBSCRIPTION_NOT_LATEST, "the consumer's subscription is "
                        + "newer than the broker's; wait for the next heartbeat"));
            }
        }
        if (pull.has(FLAG_COMMIT_OFFSET) && services.role().isMaster()) {
            services.offsets().commit(pull.group(), pull.topic(), pull.queueId(), pull.commitOffset());
        }
        long reset = services.offsets().pendingReset(pull.group(), pull.topic(), pull.queueId());
        if (reset >= 0) {
            if (reset != pull.offset()) {
                return done(offsetMoved(request, pull, reset));
            }
            services.offsets().clearReset(pull.group(), pull.topic(), pull.queueId());
        }
        MessageFilter filter = subscription.matchesAll() ? MessageFilter.ALL
                : MessageFilter.byTagsCodes(subscription.codeSet());
        RemotingCommand response = execute(request, pull, filter, group);
        boolean mayHold = pull.has(FLAG_SUSPEND) && response.code() == ResponseCode.PULL_NOT_FOUND;
        if (!mayHold) {
            return done(response);
        }
        CompletableFuture<RemotingCommand> later = new CompletableFuture<>();
        long hold = services.config().longPollingEnable()
                ? Math.min(pull.suspendMillis(), MAX_HOLD_MILLIS) : services.config().shortPollingTimeMills();
        services.longPolling().hold(new HeldPull(pull.topic(), pull.queueId(), pull.offset(),
                services.clock().millis() + hold, filter::matchesTagsCode, () -> {
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
        GetResult result = services.store().get(pull.topic(), pull.queueId(), pull.offset(),
                Math.max(1, Math.min(pull.maxMessages(), 64)), maxBytes, filter);
        int code = switch (result.status()) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE, OFFSET_FOUND_NULL -> ResponseCode.PULL_NOT_FOUND;
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> ResponseCode.PULL_OFFSET_MOVED;
            case NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE ->
                    pull.offset() != 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
        };
        services.offsets().recordPull(pull.group(), pull.topic(), pull.queueId(), result.nextBeginOffset());
        RemotingCommand response = RemotingCommand.responseTo(request, code, result.status().name())
                .putFields(new PullMessageHeaders.Response(suggestBroker(result, group), result.nextBeginOffset(),
                        result.minOffset(), result.maxOffset()).encode());
        if (result.status() == GetStatus.FOUND) {
            response.body(result.toBody());
            services.stats().got(result.messageCount());
        }
        return response;
    }

    /**
     * Read-from-slave advice: a consumer whose data is further behind the log's end than the share of memory
     * allowed for hot data is pointed at the group's slave (when slave reads are on); everyone else at the master.
     */
    private long suggestBroker(GetResult result, SubscriptionGroupConfig group) {
        if (!services.role().isMaster()) {
            // a slave serves while its master is away; once the master is back, consumers go home to it
            return masterAlive.getAsBoolean() ? 0 : services.role().brokerId();
        }
        if (!services.config().slaveReadEnable() || result.messages().isEmpty()) {
            return group.brokerId();
        }
        long behind = services.store().commitLogMaxOffset() - physicalOffsetOf(result);
        long inMemory = memoryBytes * services.config().accessMessageInMemoryMaxRatio() / 100;
        return behind > inMemory ? group.whichBrokerWhenConsumeSlowly() : group.brokerId();
    }

    private static long physicalOffsetOf(GetResult result) {
        return new StoredMessageView(result.messages().get(result.messages().size() - 1).duplicate())
                .physicalOffset();
    }

    private RemotingCommand offsetMoved(RemotingCommand request, PullMessageHeaders.Request pull, long resetOffset) {
        return RemotingCommand.responseTo(request, ResponseCode.PULL_OFFSET_MOVED, "OFFSET_RESET")
                .putFields(new PullMessageHeaders.Response(0, resetOffset,
                        services.store().minOffsetInQueue(pull.topic(), pull.queueId()),
                        services.store().maxOffsetInQueue(pull.topic(), pull.queueId())).encode());
    }

    private static RemotingCommand error(RemotingCommand request, int code, String remark) {
        return RemotingCommand.responseTo(request, code, remark);
    }

    private static CompletableFuture<RemotingCommand> done(RemotingCommand response) {
        return CompletableFuture.completedFuture(response);
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
