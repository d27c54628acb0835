package io.cometmq.broker.processor;

import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.GroupRetryPolicy;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.header.SubscriptionGroupHeaders.Delete;
import io.cometmq.protocol.header.SubscriptionGroupHeaders.GetConfig;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Consumer group settings: create/update, read one, read all, delete (optionally with the group's offsets). Every
 * field of Apache RocketMQ 5.3.3's SubscriptionGroupConfig is kept (consumeMessageOrderly, groupRetryPolicy, ...).
 */
public final class SubscriptionGroupProcessor implements RequestProcessor.SyncRequestProcessor {

    private static final Pattern VALID_NAME = Pattern.compile("^[%|a-zA-Z0-9_-]+$");
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_RETRY_QUEUES = 64;

    private final Clock clock;
    private final SubscriptionGroupManager groups;
    private final ConsumerOffsetManager offsets;
    private final ContentVersion version;
    private final MessageMetrics metrics;

    public SubscriptionGroupProcessor(Clock clock, SubscriptionGroupManager groups, ConsumerOffsetManager offsets,
            MessageMetrics metrics) {
        this.clock = clock;
        this.groups = groups;
        this.offsets = offsets;
        this.metrics = metrics;
        this.version = new ContentVersion(clock);
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> update(request);
            case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> all(request);
            case RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG -> one(request, GetConfig.decode(request).group());
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> {
                Delete header = Delete.decode(request);
                yield delete(request, header.groupName(), header.cleanOffset());
            }
            default -> throw new IllegalStateException("not a subscription group code: " + request.code());
        };
    }

    private RemotingCommand update(RemotingCommand request) {
        long start = System.nanoTime();
        SubscriptionGroupConfig config;
        String problem;
        try {
            config = parse(request.body());
            problem = check(config);
        } catch (IllegalArgumentException e) {
            config = null;
            problem = e.getMessage();
        }
        if (problem != null) {
            metrics.consumerGroupCreated((System.nanoTime() - start) / 1_000_000, false);
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, problem);
        }
        groups.update(config);
        metrics.consumerGroupCreated((System.nanoTime() - start) / 1_000_000, true);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** The body's fields over the defaults, so a partial body changes only what it names. */
    static SubscriptionGroupConfig parse(byte[] body) {
        return SubscriptionGroupConfig.overDefaults(Json.decode(body, com.fasterxml.jackson.databind.JsonNode.class));
    }

    private static String check(SubscriptionGroupConfig config) {
        String name = config.groupName();
        if (name.length() > MAX_NAME_LENGTH || !VALID_NAME.matcher(name).matches()) {
            return "the consumer group name [" + name + "] must match " + VALID_NAME.pattern() + " and be at most "
                    + MAX_NAME_LENGTH + " characters";
        }
        if (config.retryQueueNums() < 0 || config.retryQueueNums() > MAX_RETRY_QUEUES) {
            return "retryQueueNums must be between 0 and " + MAX_RETRY_QUEUES + ", was " + config.retryQueueNums();
        }
        if (config.retryMaxTimes() < -1) {
            return "retryMaxTimes must be -1 (unlimited) or more, was " + config.retryMaxTimes();
        }
        GroupRetryPolicy.Exponential exponential = config.groupRetryPolicy().exponentialRetryPolicy();
        if (exponential != null && (exponential.initial() < 0 || exponential.max() < exponential.initial()
                || exponential.multiplier() < 1)) {
            return "groupRetryPolicy.exponentialRetryPolicy needs 0 <= initial <= max and multiplier >= 1, was "
                    + exponential;
        }
        GroupRetryPolicy.Customized customized = config.groupRetryPolicy().customizedRetryPolicy();
        if (customized != null && customized.next().stream().anyMatch(delay -> delay == null || delay < 0)) {
            return "groupRetryPolicy.customizedRetryPolicy.next must be delays of 0 ms or more, was "
                    + customized.next();
        }
        return null;
    }

    private RemotingCommand all(RemotingCommand request) {
        Map<String, SubscriptionGroupConfig> groups = this.groups.all();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscriptionGroupTable", groups);
        body.put("forbiddenTable", Map.of());
        body.put("dataVersion", version.of(groups));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.encode(body));
    }

    private RemotingCommand one(RemotingCommand request, String group) {
        // read without auto-creating: looking at a group must not make it exist
        SubscriptionGroupConfig config = groups.all().get(group);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + group + "] does not exist on this broker");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.encode(config));
    }

    private RemotingCommand delete(RemotingCommand request, String group, boolean cleanOffset) {
        groups.delete(group);
        if (cleanOffset) {
            offsets.removeGroup(group);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
