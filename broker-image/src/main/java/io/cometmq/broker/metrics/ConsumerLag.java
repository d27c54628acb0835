package io.cometmq.broker.metrics;

import io.cometmq.broker.client.ConsumerGroup;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.body.TopicConfig;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * Consumer lag as Apache RocketMQ's ConsumerLagCalculator computes it for non-POP groups: for every online group
 * and every topic it subscribes to here (retry topics skipped, topics without read or write permission skipped),
 * summed over the topic's write queues:
 * <ul>
 *   <li>lag = max offset - committed offset; lag latency = age of the message at the committed offset</li>
 *   <li>inflight = pull offset - committed offset (pulled, not yet committed)</li>
 *   <li>ready = max offset - pull offset; queueing latency = age of the message at the pull offset</li>
 * </ul>
 * A queue the group never committed counts as caught up (committed = max offset), one it never pulled from since
 * the broker started as pulled up to its committed offset. Cost: O(groups x subscribed queues) offset look-ups,
 * plus the store time of at most two messages per lagging queue (none for a queue that is caught up).
 */
final class ConsumerLag {

    /** The five figures of one (group, topic); latencies in milliseconds. */
    record Row(long lag, long lagLatencyMillis, long inflight, long ready, long queueingLatencyMillis) {
    }

    private final BrokerGaugeSources sources;

    ConsumerLag(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    /** (group, topic) label sets with consumers online, without computing anything per queue. */
    Map<Tags, Boolean> labelSets() {
        Map<Tags, Boolean> sets = new HashMap<>();
        forEachSubscription((group, topic) -> sets.put(tags(group, topic.topicName()), Boolean.TRUE));
        return sets;
    }

    Map<Tags, Row> compute() {
        long now = sources.clock().millis();
        Map<Tags, Row> rows = new HashMap<>();
        forEachSubscription((group, topic) -> rows.put(tags(group, topic.topicName()), row(group, topic, now)));
        return rows;
    }

    private interface SubscriptionVisitor {
        void visit(String group, TopicConfig topic);
    }

    private void forEachSubscription(SubscriptionVisitor visitor) {
        int brokerPermission = sources.config().brokerPermission();
        for (String name : sources.consumers().groupNames()) {
            ConsumerGroup group = sources.consumers().group(name);
            if (group == null || "CONSUME_POP".equals(group.consumeType())) {
                continue; // offline by now, or POP (its lag needs POP's own offsets, which CometMQ does not have)
            }
            for (String topicName : group.subscriptions().keySet()) {
                if (topicName.startsWith("%RETRY%")) {
                    continue;
                }
                TopicConfig topic = sources.topics().get(topicName);
                if (topic == null || (topic.perm() & brokerPermission & (TopicConfig.PERM_READ
                        | TopicConfig.PERM_WRITE)) == 0) {
                    continue;
                }
                visitor.visit(name, topic);
            }
        }
    }

    private Row row(String group, TopicConfig topic, long now) {
        MessageStore store = sources.store();
        ConsumerOffsetManager offsets = sources.offsets();
        String name = topic.topicName();
        long lag = 0;
        long inflight = 0;
        long ready = 0;
        long oldestUnconsumed = Long.MAX_VALUE;
        long oldestUnpulled = Long.MAX_VALUE;
        for (int queueId = 0; queueId < topic.writeQueueNums(); queueId++) {
            long max = Math.max(0, store.maxOffsetInQueue(name, queueId));
            long committed = offsets.query(group, name, queueId);
            if (committed < 0) {
                committed = max;
            }
            long pulled = offsets.pullOffset(group, name, queueId);
            if (pulled < 0) {
                pulled = committed;
            }
            lag += Math.max(0, max - committed);
            inflight += Math.max(0, pulled - committed);
            ready += Math.max(0, max - pulled);
            long committedTime = committed < max ? storeTime(store, name, queueId, committed) : Long.MAX_VALUE;
            oldestUnconsumed = Math.min(oldestUnconsumed, committedTime);
            if (pulled < max) {
                oldestUnpulled = Math.min(oldestUnpulled,
                        pulled == committed ? committedTime : storeTime(store, name, queueId, pulled));
            }
        }
        return new Row(lag, age(now, oldestUnconsumed), inflight, ready, age(now, oldestUnpulled));
    }

    private static long storeTime(MessageStore store, String topic, int queueId, long offset) {
        long time = store.storeTimeOf(topic, queueId, offset);
        return time > 0 ? time : Long.MAX_VALUE;
    }

    private static long age(long now, long storeTime) {
        return storeTime == Long.MAX_VALUE ? 0 : Math.max(0, now - storeTime);
    }

    static Tags tags(String group, String topic) {
        return Tags.of("consumer_group", group, "topic", topic, "is_retry", "false",
                "is_system", ApacheLabels.isSystem(topic, group));
    }
}
