package io.cometmq.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;

/**
 * Drains a topic's backlog with a push consumer (clustering, from the first offset, default client
 * settings). Throughput is measured from the first to the last delivered message, so consumer start-up
 * and rebalancing are reported separately rather than diluting the rate.
 */
final class ConsumeBenchmark {

    /** {@code consumed} counts distinct (queue, offset) pairs; redeliveries go to {@code duplicates}. */
    record Result(long consumed, long expected, long duplicates, long firstMessageNanos, long drainNanos,
                  boolean complete) {
        double tps() {
            return drainNanos == 0 ? 0 : consumed * 1e9 / drainNanos;
        }
    }

    private final Duration stallTimeout;

    ConsumeBenchmark(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    Result run(String namesrvAddr, String topic, long expected, String instanceName,
            org.apache.rocketmq.remoting.RPCHook rpcHook) throws Exception {
        return run(namesrvAddr, List.of(topic), List.of("bench_consumer_" + instanceName), expected, instanceName,
                rpcHook);
    }

    /**
     * One push consumer per group, all started at once, each subscribed to every topic and expected to receive
     * {@code expectedPerGroup} messages; the result counts deliveries over all groups ({@code expected} =
     * groups × expectedPerGroup), timed from the first delivery to any group to the last.
     */
    Result run(String namesrvAddr, List<String> topics, List<String> groups, long expectedPerGroup,
            String instanceName, org.apache.rocketmq.remoting.RPCHook rpcHook) throws Exception {
        Map<String, BitSet> seen = new ConcurrentHashMap<>();
        AtomicLong consumed = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();

        List<DefaultMQPushConsumer> consumers = new ArrayList<>();
        List<AtomicLong[]> groupTimes = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            AtomicLong groupFirst = new AtomicLong();
            AtomicLong groupLast = new AtomicLong();
            groupTimes.add(new AtomicLong[] {groupFirst, groupLast});
            DefaultMQPushConsumer consumer = rpcHook == null
                    ? new DefaultMQPushConsumer(group)
                    : new DefaultMQPushConsumer(group, rpcHook,
                            new org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely());
            consumer.setNamesrvAddr(namesrvAddr);
            // one client instance per group, as separate applications would have
            consumer.setInstanceName(groups.size() == 1 ? instanceName : instanceName + "-g" + g);
            consumer.setVipChannelEnabled(false);
            consumer.setMessageModel(MessageModel.CLUSTERING);
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            for (String topic : topics) {
                consumer.subscribe(topic, "*");
            }
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                groupFirst.compareAndSet(0, now);
                groupLast.set(now);
                for (MessageExt message : messages) {
                    if (markSeen(seen, group, message)) {
                        consumed.incrementAndGet();
                    } else {
                        duplicates.incrementAndGet();
                    }
                }
                last.set(now);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumers.add(consumer);
        }

        long expected = expectedPerGroup * groups.size();
        long start = System.nanoTime();
        try {
            for (DefaultMQPushConsumer consumer : consumers) {
                consumer.start();
            }
            awaitDrained(consumed, expected, start, stallTimeout);
        } finally {
            consumers.forEach(DefaultMQPushConsumer::shutdown);
        }
        if (groups.size() > 1) {
            // several groups: when each began and finished tells a slow broker from a late rebalance
            System.err.println("[bench] groups' first delivery after consumer start (s): " + groupTimes.stream()
                    .map(t -> t[0].get() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f",
                            (t[0].get() - start) / 1e9)).toList() + ", last: " + groupTimes.stream()
                    .map(t -> t[1].get() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f",
                            (t[1].get() - start) / 1e9)).toList());
        }
        return result(consumed.get(), expected, duplicates.get(), start, first.get(), last.get());
    }

    /** Returns once {@code consumed} reaches {@code expected}, or when it has not grown for {@code stall}. */
    static void awaitDrained(AtomicLong consumed, long expected, long start, Duration stall)
            throws InterruptedException {
        long lastProgress = start;
        long lastCount = 0;
        while (consumed.get() < expected) {
            Thread.sleep(50);
            long count = consumed.get();
            long now = System.nanoTime();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            } else if (now - lastProgress > stall.toNanos()) {
                return;
            }
        }
    }

    /** Times relative to {@code start} (consumer start) and {@code firstAt}/{@code lastAt} (nanoTime, 0: none). */
    static Result result(long consumed, long expected, long duplicates, long start, long firstAt, long lastAt) {
        return new Result(consumed, expected, duplicates, firstAt == 0 ? 0 : firstAt - start,
                firstAt == 0 ? 0 : Math.max(1, lastAt - firstAt), consumed >= expected);
    }

    private static boolean markSeen(Map<String, BitSet> seen, String group, MessageExt message) {
        BitSet offsets = seen.computeIfAbsent(group + "/" + message.getTopic() + "/" + message.getBrokerName()
                        + "/" + message.getQueueId(),
                key -> new BitSet());
        synchronized (offsets) {
            int offset = Math.toIntExact(message.getQueueOffset());
            if (offsets.get(offset)) {
                return false;
            }
            offsets.set(offset);
            return true;
        }
    }
}
