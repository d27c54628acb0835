package io.cometmq.broker.processor;

import io.cometmq.broker.meta.TopicAttributeChanges;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicMessageType;
import io.cometmq.protocol.header.TopicAdminHeaders.CreateTopic;
import io.cometmq.protocol.header.TopicAdminHeaders.Topic;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic administration: create/update (one or a list), read one or all configs, delete. Creates and updates carry
 * attribute changes ({@code +message.type=FIFO}, {@code -message.type}); an update without any keeps the
 * topic's attributes.
 */
public final class TopicAdminProcessor implements RequestProcessor.SyncRequestProcessor {

    private static final int MAX_QUEUES = 1024;

    private final MessageStore store;
    private final TopicConfigManager topics;
    private final MessageMetrics metrics;
    private final boolean mixedMessageTypeAllowed;

    /** @param mixedMessageTypeAllowed enableMixedMessageType: topics may be created with message.type MIXED */
    public TopicAdminProcessor(MessageStore store, TopicConfigManager topics, MessageMetrics metrics,
            boolean mixedMessageTypeAllowed) {
        this.store = store;
        this.topics = topics;
        this.metrics = metrics;
        this.mixedMessageTypeAllowed = mixedMessageTypeAllowed;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createOne(request, CreateTopic.decode(request));
            case RequestCode.UPDATE_AND_CREATE_TOPIC_LIST -> createList(request);
            case RequestCode.GET_ALL_TOPIC_CONFIG -> allTopics(request);
            case RequestCode.GET_TOPIC_CONFIG -> oneTopic(request, Topic.decode(request).topic());
            case RequestCode.DELETE_TOPIC_IN_BROKER -> delete(request, Topic.decode(request).topic());
            default -> throw new IllegalStateException("not a topic admin code: " + request.code());
        };
    }

    private RemotingCommand createOne(RemotingCommand request, CreateTopic header) {
        long start = System.nanoTime();
        TopicAttributeChanges changes;
        try {
            changes = TopicAttributeChanges.parse(header.attributes());
        } catch (IllegalArgumentException e) {
            metrics.topicCreated(header.topic(), elapsedMillis(start), false);
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        return create(request, new TopicConfig(header.topic(), header.readQueueNums(), header.writeQueueNums(),
                header.perm(), header.topicFilterType(), header.topicSysFlag(), header.order(), Map.of()), changes);
    }

    private RemotingCommand create(RemotingCommand request, TopicConfig requested, TopicAttributeChanges changes) {
        long start = System.nanoTime();
        TopicConfig topic;
        String problem = check(requested);
        try {
            topic = problem == null ? withAttributes(requested, changes) : requested;
        } catch (IllegalArgumentException e) {
            topic = requested;
            problem = e.getMessage();
        }
        if (problem != null) {
            metrics.topicCreated(topic.topicName(), elapsedMillis(start), false);
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, problem);
        }
        topics.update(topic);
        metrics.topicCreated(topic.topicName(), elapsedMillis(start), true);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /**
     * The topic with its attributes after {@code changes} (the current ones kept when there are none).
     *
     * @throws IllegalArgumentException a change is malformed or refused (MIXED without enableMixedMessageType)
     */
    private TopicConfig withAttributes(TopicConfig requested, TopicAttributeChanges changes) {
        if (!mixedMessageTypeAllowed && changes.messageType() == TopicMessageType.MIXED) {
            throw new IllegalArgumentException("MIXED message type is not supported."); // Apache's text
        }
        TopicConfig current = topics.get(requested.topicName());
        Map<String, String> attributes = changes.applyTo(current == null ? null : current.attributes());
        return new TopicConfig(requested.topicName(), requested.readQueueNums(), requested.writeQueueNums(),
                requested.perm(), requested.topicFilterType(), requested.topicSysFlag(), requested.order(),
                attributes);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private RemotingCommand createList(RemotingCommand request) {
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, Object>>> body = Json.decode(request.body(), Map.class);
        List<Map<String, Object>> list = body.getOrDefault("topicConfigList", List.of());
        long start = System.nanoTime();
        List<TopicConfig> checked = new java.util.ArrayList<>(list.size());
        for (Map<String, Object> raw : list) {
            TopicConfig topic = Json.mapper().convertValue(raw, TopicConfig.class);
            String problem = check(topic);
            try {
                // the entries' attribute maps hold changes (+key / -key), as the header does
                checked.add(problem == null ? withAttributes(topic, TopicAttributeChanges.of(topic.attributes()))
                        : topic);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                metrics.topicCreated(topic.topicName(), elapsedMillis(start), false);
                return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, problem);
            }
        }
        topics.updateAll(checked);
        if (!list.isEmpty()) { // one record per request, as Apache
            metrics.topicCreated(String.valueOf(list.get(0).get("topicName")), elapsedMillis(start), true);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** Null when the topic may be created, else why not. */
    private static String check(TopicConfig topic) {
        String invalid = TopicConfigManager.validateName(topic.topicName());
        if (invalid != null) {
            return invalid;
        }
        if (TopicConfigManager.isNotWritableByClients(topic.topicName())
                || TopicConfigManager.AUTO_CREATE_TOPIC_KEY.equals(topic.topicName())) {
            return "the topic[" + topic.topicName() + "] is a system topic and cannot be changed";
        }
        if (topic.readQueueNums() < 1 || topic.readQueueNums() > MAX_QUEUES || topic.writeQueueNums() < 1
                || topic.writeQueueNums() > MAX_QUEUES) {
            return "readQueueNums and writeQueueNums must be between 1 and " + MAX_QUEUES;
        }
        if (topic.perm() < 0 || topic.perm() > 7) {
            return "perm must be between 0 and 7, was " + topic.perm();
        }
        return null;
    }

    private RemotingCommand allTopics(RemotingCommand request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topicConfigTable", topics.all());
        body.put("dataVersion", topics.dataVersion());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(Json.encode(body));
    }

    private RemotingCommand oneTopic(RemotingCommand request, String name) {
        TopicConfig topic = topics.get(name);
        if (topic == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "topic " + name
                    + " does not exist");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.encode(topic));
    }

    private RemotingCommand delete(RemotingCommand request, String name) {
        if (TopicConfigManager.isNotWritableByClients(name) || TopicConfigManager.AUTO_CREATE_TOPIC_KEY.equals(name)) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "the topic[" + name
                    + "] is a system topic and cannot be deleted");
        }
        topics.delete(name);
        store.deleteTopic(name);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
