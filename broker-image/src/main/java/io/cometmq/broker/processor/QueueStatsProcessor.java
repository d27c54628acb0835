package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.stats.ConsumeRates;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.MessageQueue;
import io.cometmq.protocol.body.ObjectKeyedJson;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.header.QueueStatsHeaders.ConsumeStats;
import io.cometmq.protocol.header.QueueStatsHeaders.ConsumeTimeSpan;
import io.cometmq.protocol.header.QueueStatsHeaders.TopicStats;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-queue progress: GET_TOPIC_STATS_INFO (what is stored), GET_CONSUME_STATS (how far a group got; its lag is
 * brokerOffset - consumerOffset) and QUERY_CONSUME_TIME_SPAN (the same as store times).
 */
public final class QueueStatsProcessor implements RequestProcessor.SyncRequestProcessor {

    /** One queue of TopicStatsTable. */
    record TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
    }

    /** One queue of ConsumeStats. */
    record OffsetWrapper(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {
    }

    /** One queue of QueryConsumeTimeSpanBody. */
    record QueueTimeSpan(MessageQueue messageQueue, long minTimeStamp, long maxTimeStamp, long consumeTimeStamp,
            long delayTime) {
    }

    private final BrokerConfig config;
    private final Clock clock;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final ConsumerOffsetManager offsets;
    private final ConsumerManager consumers;
    private final ConsumeRates consumeRates;

    public QueueStatsProcessor(BrokerConfig config, Clock clock, MessageStore store, TopicConfigManager topics,
            ConsumerOffsetManager offsets, ConsumerManager consumers, ConsumeRates consumeRates) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.consumers = consumers;
        this.consumeRates = consumeRates;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_TOPIC_STATS_INFO -> topicStats(request, TopicStats.decode(request).topic());
            case RequestCode.GET_CONSUME_STATS -> {
                ConsumeStats header = ConsumeStats.decode(request);
                yield consumeStats(request, header.consumerGroup(), header.topic(), header.topicList());
            }
            case RequestCode.QUERY_CONSUME_TIME_SPAN -> {
                ConsumeTimeSpan header = ConsumeTimeSpan.decode(request);
                yield timeSpan(request, header.topic(), header.group());
            }
            default -> throw new IllegalStateException("not a queue stats code: " + request.code());
        };
    }

    private RemotingCommand topicStats(RemotingCommand request, String topic) {
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic
                    + "] not exist");
        }
        Map<MessageQueue, TopicOffset> table = new LinkedHashMap<>();
        int queues = Math.max(config.readQueueNums(), config.writeQueueNums());
        for (int queueId = 0; queueId < queues; queueId++) {
            long max = store.maxOffsetInQueue(topic, queueId);
            long lastStored = max > 0 ? Math.max(0, store.storeTimeOf(topic, queueId, max - 1)) : 0;
            table.put(queue(topic, queueId), new TopicOffset(store.minOffsetInQueue(topic, queueId), max,
                    lastStored));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(new ObjectKeyedJson()
                .objectKeyedMap("offsetTable", table)
                .field("topicPutTps", 0.0)
                .toBytes());
    }

    private RemotingCommand consumeStats(RemotingCommand request, String group, String topic, String topicList) {
        Map<MessageQueue, OffsetWrapper> table = new LinkedHashMap<>();
        double tps = 0;
        for (String name : topicsOfInterest(group, topic, topicList)) {
            TopicConfig config = topics.get(name);
            if (config == null) {
                continue;
            }
            for (int queueId = 0; queueId < config.readQueueNums(); queueId++) {
                long brokerOffset = store.maxOffsetInQueue(name, queueId);
                long consumerOffset = Math.max(0, offsets.query(group, name, queueId));
                long pullOffset = Math.max(consumerOffset, offsets.pullOffset(group, name, queueId));
                long lastConsumed = consumerOffset > 0
                        ? Math.max(0, store.storeTimeOf(name, queueId, consumerOffset - 1)) : 0;
                table.put(queue(name, queueId), new OffsetWrapper(brokerOffset, consumerOffset, pullOffset,
                        lastConsumed));
            }
            tps += consumeRates.perSecond(group, name);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(new ObjectKeyedJson()
                .field("consumeTps", tps)
                .objectKeyedMap("offsetTable", table)
                .toBytes());
    }

    /**
     * As RocketMQ picks them: an explicit topic list as given; otherwise the topic asked for, or every topic the
     * group has offsets for (its %RETRY% topic included), minus topics an online group does not subscribe to.
     */
    private Set<String> topicsOfInterest(String group, String topic, String topicList) {
        if (topicList != null && !topicList.isBlank()) {
            Set<String> listed = new LinkedHashSet<>();
            for (String name : topicList.split(",")) {
                if (!name.isBlank()) {
                    listed.add(name.trim());
                }
            }
            return listed;
        }
        Set<String> topics = new TreeSet<>();
        if (topic == null || topic.isBlank()) {
            topics.addAll(offsets.topicsOf(group));
        } else {
            topics.add(topic);
        }
        ConsumerGroup online = consumers.group(group);
        Map<String, ?> subscribed = online == null ? Map.of() : online.subscriptions();
        if (!subscribed.isEmpty()) {
            topics.retainAll(subscribed.keySet());
        }
        return topics;
    }

    private RemotingCommand timeSpan(RemotingCommand request, String topic, String group) {
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic
                    + "] not exist");
        }
        long now = clock.millis();
        List<QueueTimeSpan> spans = new ArrayList<>();
        for (int queueId = 0; queueId < config.writeQueueNums(); queueId++) {
            long minTime = store.earliestMessageTime(topic, queueId);
            long max = store.maxOffsetInQueue(topic, queueId);
            long maxTime = max > 0 ? store.storeTimeOf(topic, queueId, max - 1) : -1;
            long consumed = offsets.query(group, topic, queueId);
            long consumeTime = consumed > 0 ? store.storeTimeOf(topic, queueId, consumed - 1) : minTime;
            long delay = 0;
            if (consumed >= 0 && consumed < max) {
                long next = store.storeTimeOf(topic, queueId, consumed);
                delay = next > 0 ? now - next : 0;
            }
            spans.add(new QueueTimeSpan(queue(topic, queueId), minTime, maxTime, consumeTime, delay));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.encode(Map.of("consumeTimeSpanSet", spans)));
    }

    private MessageQueue queue(String topic, int queueId) {
        return new MessageQueue(topic, config.brokerName(), queueId);
    }
}
