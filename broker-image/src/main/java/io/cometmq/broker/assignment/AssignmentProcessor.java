package io.cometmq.broker.assignment;

import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.MessageQueue;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUERY_ASSIGNMENT (400), SET_MESSAGE_REQUEST_MODE (401) and GET_ALL_MESSAGE_REQUEST_MODE (402), as Apache's
 * QueryAssignmentProcessor: a client that leaves rebalancing to the broker asks which queues of a topic it consumes;
 * the answer names each queue with the topic and group's mode, PULL unless set to POP (retry topics always PULL).
 * An answer without assignments (null) tells the client to keep what it has (topic or strategy unknown, group not
 * online); an empty one to give up its queues.
 */
public final class AssignmentProcessor implements RequestProcessor.SyncRequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(AssignmentProcessor.class);

    /** QueryAssignmentRequestBody. */
    record Query(String topic, String consumerGroup, String clientId, String strategyName, String messageModel) {
    }

    /** MessageQueueAssignment: a queue and how to read it. */
    record Assignment(MessageQueue messageQueue, RequestMode.Mode mode, Map<String, String> attachments) {
    }

    /** QueryAssignmentResponseBody; null assignments: keep the current ones. */
    record Answer(Set<Assignment> messageQueueAssignments) {
    }

    private final TopicConfigManager topics;
    private final SubscriptionGroupManager groups;
    private final ConsumerManager consumers;
    private final TopicQueues topicQueues;
    private final RequestModeTable modes;

    public AssignmentProcessor(TopicConfigManager topics, SubscriptionGroupManager groups, ConsumerManager consumers,
            TopicQueues topicQueues, RequestModeTable modes) {
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.topicQueues = topicQueues;
        this.modes = modes;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.QUERY_ASSIGNMENT -> query(request, Json.decode(request.body(), Query.class));
            case RequestCode.SET_MESSAGE_REQUEST_MODE -> setMode(request,
                    Json.decode(request.body(), RequestMode.class));
            case RequestCode.GET_ALL_MESSAGE_REQUEST_MODE -> RemotingCommand.responseTo(request,
                    ResponseCode.SUCCESS, null).body(Json.encode(modes.snapshot()));
            default -> throw new IllegalStateException("not an assignment code: " + request.code());
        };
    }

    private RemotingCommand setMode(RemotingCommand request, RequestMode mode) {
        if (mode.topic() == null || mode.consumerGroup() == null || mode.mode() == null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "SetMessageRequestModeRequestBody needs topic, consumerGroup and mode (PULL or POP)");
        }
        if (GroupTopics.isRetryTopic(mode.topic())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "retry topic is not allowed to set mode"); // Apache's text
        }
        if (topics.get(mode.topic()) == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + mode.topic() + "] not exist");
        }
        if (groups.find(mode.consumerGroup()) == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + mode.consumerGroup() + "] does not exist");
        }
        modes.set(mode);
        log.info("consumers of group {} read topic {} by {} now (popShareQueueNum {})", mode.consumerGroup(),
                mode.topic(), mode.mode(), mode.popShareQueueNum());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand query(RemotingCommand request, Query query) {
        if (query.topic() == null || query.consumerGroup() == null || query.clientId() == null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "QueryAssignmentRequestBody needs topic, consumerGroup and clientId");
        }
        RequestMode mode = modeOf(query.topic(), query.consumerGroup());
        Set<Assignment> assignments = null;
        try {
            List<MessageQueue> queues = assign(query, mode);
            if (queues != null) {
                assignments = new LinkedHashSet<>();
                for (MessageQueue queue : queues) {
                    assignments.add(new Assignment(queue, mode.mode(), null));
                }
            }
        } catch (IOException e) {
            log.warn("no assignment for group {} on topic {}: {}", query.consumerGroup(), query.topic(),
                    e.getMessage());
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.encode(new Answer(assignments)));
    }

    /** The mode set for the topic and group, else PULL (always PULL for a retry topic). */
    private RequestMode modeOf(String topic, String group) {
        RequestMode set = GroupTopics.isRetryTopic(topic) ? null : modes.find(topic, group);
        return set != null ? set : RequestMode.defaultFor(topic, group);
    }

    /** The client's queues, or null when the client should keep what it has. */
    private List<MessageQueue> assign(Query query, RequestMode mode) throws IOException {
        List<MessageQueue> queues = topicQueues.of(query.topic());
        if (queues == null) {
            return null;
        }
        if ("BROADCASTING".equals(query.messageModel())) {
            return queues;
        }
        ConsumerGroup group = consumers.group(query.consumerGroup());
        if (group == null) {
            return null;
        }
        List<String> clients = new ArrayList<>(group.clientIds());
        clients.sort(null);
        if (!QueueAllocation.supports(query.strategyName())) {
            log.warn("client {} of group {} asks for the unknown allocation strategy {}", query.clientId(),
                    query.consumerGroup(), query.strategyName());
            return null;
        }
        return mode.mode() == RequestMode.Mode.POP
                ? QueueAllocation.allocateForPop(query.strategyName(), query.clientId(), queues, clients,
                        mode.popShareQueueNum())
                : QueueAllocation.allocate(query.strategyName(), query.clientId(), queues, clients);
    }
}
