package io.cometmq.broker.metrics;

import io.cometmq.protocol.metrics.MetricGroup;
import io.cometmq.protocol.metrics.MetricsSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters and histograms of the broker's message paths (docs/METRICS.md), named so that Micrometer's
 * Prometheus naming yields Apache RocketMQ 5.5.0's family names, with its HELP texts and buckets. Meters are created
 * on first use and cached per topic (and group), so recording a message is two map lookups and the increments;
 * families whose {@code enable*Metrics} group is off are never registered.
 */
final class MessageRecorder implements MessageMetrics {

    private static final String COUNTER_HELP = "default view for counter.";
    private static final double[] MESSAGE_SIZE_BUCKETS = {1024, 4096, 524_288, 1_048_576, 2_097_152, 4_194_304};
    private static final double[] FINISH_SECONDS_BUCKETS = {5, 60, 600, 3600, 43_200, 86_400};
    private static final double[] CREATE_MILLIS_BUCKETS = {10, 100, 1000, 3000, 5000};
    private static final double[] DELAY_SECONDS_BUCKETS = {60, 600, 3600, 43_200, 86_400, 259_200};
    private static final MessageType[] TYPES = MessageType.values();

    /** The three families a stored message counts in, for one topic and message type. */
    private record In(Counter messages, Counter bytes, DistributionSummary size) {
    }

    private record Out(Counter messages, Counter bytes) {
    }

    private record TopicGroup(String topic, String group) {
    }

    private final MeterRegistry registry;
    private final boolean request;
    private final boolean lagAndDlq;
    private final boolean transaction;
    private final boolean messageStore;
    private final Map<String, In[]> in = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Out>> out = new ConcurrentHashMap<>();
    private final Map<TopicGroup, Counter> dlq = new ConcurrentHashMap<>();

    MessageRecorder(MeterRegistry registry, MetricsSettings settings) {
        this.registry = registry;
        this.request = settings.records(MetricGroup.REQUEST);
        this.lagAndDlq = settings.records(MetricGroup.LAG_AND_DLQ);
        this.transaction = settings.records(MetricGroup.TRANSACTION);
        this.messageStore = settings.records(MetricGroup.MESSAGE_STORE);
    }

    @Override
    public boolean records() {
        return true;
    }

    @Override
    public void messageIn(String topic, MessageType type, int bytes) {
        if (!request) {
            return;
        }
        In[] byType = in.get(topic); // get first: computeIfAbsent may lock the bin even when the key is there
        if (byType == null) {
            byType = in.computeIfAbsent(topic, t -> new In[TYPES.length]);
        }
        In meters = byType[type.ordinal()];
        if (meters == null) {
            meters = byType[type.ordinal()] = inMeters(topic, type);
        }
        meters.messages().increment();
        meters.bytes().increment(bytes);
        meters.size().record(bytes);
    }

    private In inMeters(String topic, MessageType type) {
        String system = Boolean.toString(SystemNames.isSystemTopic(topic));
        return new In(
                Counter.builder("rocketmq_messages_in").description(COUNTER_HELP).tag("topic", topic)
                        .tag("message_type", type.label()).tag("is_system", system).register(registry),
                Counter.builder("rocketmq_throughput_in").description(COUNTER_HELP).tag("topic", topic)
                        .tag("message_type", type.label()).tag("is_system", system).register(registry),
                DistributionSummary.builder("rocketmq_message_size").description("Incoming messages size")
                        .serviceLevelObjectives(MESSAGE_SIZE_BUCKETS).tag("topic", topic)
                        .tag("message_type", type.label()).tag("is_system", system).register(registry));
    }

    @Override
    public void messagesOut(String topic, String group, int messages, long bytes) {
        if (!request || messages <= 0) {
            return;
        }
        Map<String, Out> byGroup = out.get(topic);
        if (byGroup == null) {
            byGroup = out.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        }
        Out meters = byGroup.get(group);
        if (meters == null) {
            meters = byGroup.computeIfAbsent(group, g -> outMeters(topic, g));
        }
        meters.messages().increment(messages);
        meters.bytes().increment(bytes);
    }

    private Out outMeters(String topic, String group) {
        String system = Boolean.toString(SystemNames.isSystem(topic, group));
        return new Out(
                Counter.builder("rocketmq_messages_out").description(COUNTER_HELP).tag("topic", topic)
                        .tag("consumer_group", group).tag("is_system", system).register(registry),
                Counter.builder("rocketmq_throughput_out").description(COUNTER_HELP).tag("topic", topic)
                        .tag("consumer_group", group).tag("is_system", system).register(registry));
    }

    @Override
    public void sentToDlq(String topic, String group) {
        if (!lagAndDlq) {
            return;
        }
        dlq.computeIfAbsent(new TopicGroup(topic, group), key -> Counter.builder("rocketmq_send_to_dlq_messages")
                .description(COUNTER_HELP).tag("topic", topic).tag("consumer_group", group)
                .tag("is_system", Boolean.toString(SystemNames.isSystem(topic, group))).register(registry))
                .increment();
    }

    @Override
    public void committed(String topic, long secondsSinceBorn) {
        if (!transaction) {
            return;
        }
        Counter.builder("rocketmq_commit_messages").description(COUNTER_HELP).tag("topic", topic)
                .register(registry).increment();
        // Apache records seconds into a histogram whose unit says milliseconds; dashboards expect exactly that
        DistributionSummary.builder("rocketmq_finish_message_latency").description("Transaction finish latency")
                .baseUnit("milliseconds").serviceLevelObjectives(FINISH_SECONDS_BUCKETS).tag("topic", topic)
                .register(registry).record(secondsSinceBorn);
    }

    @Override
    public void rolledBack(String topic) {
        if (transaction) {
            Counter.builder("rocketmq_rollback_messages").description(COUNTER_HELP).tag("topic", topic)
                    .register(registry).increment();
        }
    }

    @Override
    public void timerEnqueued(String topic, long delaySeconds) {
        if (!messageStore) {
            return;
        }
        Counter.builder("rocketmq_timer_enqueue").description(COUNTER_HELP).tags(StoreLabels.TAGS).tag("topic", topic)
                .register(registry).increment();
        DistributionSummary.builder("rocketmq_delay_message_latency")
                .description("Timer message set latency distribution").baseUnit("seconds")
                .serviceLevelObjectives(DELAY_SECONDS_BUCKETS).tags(StoreLabels.TAGS).tag("topic", topic)
                .register(registry).record(delaySeconds);
    }

    @Override
    public void timerDequeued(String topic) {
        if (messageStore) {
            Counter.builder("rocketmq_timer_dequeue").description(COUNTER_HELP).tags(StoreLabels.TAGS)
                    .tag("topic", topic).register(registry).increment();
        }
    }

    @Override
    public void topicCreated(String topic, long millis, boolean success) {
        if (request) {
            DistributionSummary.builder("rocketmq_topic_create_execution_time")
                    .description("The distribution of create topic time").baseUnit("milliseconds")
                    .serviceLevelObjectives(CREATE_MILLIS_BUCKETS).tag("invocation_status", status(success))
                    .tag("is_system", Boolean.toString(SystemNames.isSystemTopic(topic))).register(registry)
                    .record(millis);
        }
    }

    @Override
    public void consumerGroupCreated(long millis, boolean success) {
        if (request) {
            DistributionSummary.builder("rocketmq_consumer_group_create_execution_time")
                    .description("The distribution of create subscription time").baseUnit("milliseconds")
                    .serviceLevelObjectives(CREATE_MILLIS_BUCKETS).tag("invocation_status", status(success))
                    .register(registry).record(millis);
        }
    }

    private static String status(boolean success) {
        return success ? "success" : "failure";
    }
}
