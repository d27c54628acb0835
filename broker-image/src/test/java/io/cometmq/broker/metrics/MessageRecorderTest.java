package io.cometmq.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.metrics.MetricGroup;
import io.cometmq.protocol.metrics.MetricsSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRecorderTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private static MetricsSettings with(EnumSet<MetricGroup> groups) {
        return new MetricsSettings(true, "", 0, Map.of(), false, 50_000, groups);
    }

    private static void recordEverything(MessageMetrics metrics) {
        metrics.messageIn("T", MessageType.NORMAL, 100);
        metrics.messagesOut("T", "G", 2, 200);
        metrics.sentToDlq("T", "G");
        metrics.committed("T", 1);
        metrics.rolledBack("T");
        metrics.timerEnqueued("T", 60);
        metrics.timerDequeued("T");
        metrics.topicCreated("T", 3, true);
        metrics.consumerGroupCreated(3, true);
    }

    @Test
    void everyGroupSwitchedOffRegistersNothing() {
        recordEverything(new MessageRecorder(registry, with(EnumSet.noneOf(MetricGroup.class))));
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void eachGroupRegistersOnlyItsFamilies() {
        recordEverything(new MessageRecorder(registry, with(EnumSet.of(MetricGroup.TRANSACTION))));
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName()).containsOnly(
                "rocketmq_commit_messages", "rocketmq_rollback_messages", "rocketmq_finish_message_latency");

        PrometheusMeterRegistry all = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        recordEverything(new MessageRecorder(all, with(EnumSet.allOf(MetricGroup.class))));
        assertThat(all.scrape()).contains("rocketmq_messages_in_total{is_system=\"false\",message_type=\"normal\","
                + "topic=\"T\"} 1.0", "rocketmq_messages_out_total{consumer_group=\"G\",is_system=\"false\","
                + "topic=\"T\"} 2.0", "rocketmq_timer_enqueue_total{storage_medium=\"disk\",storage_type=\"local\","
                + "topic=\"T\"} 1.0", "rocketmq_send_to_dlq_messages_total", "rocketmq_timer_dequeue_total",
                "rocketmq_topic_create_execution_time_milliseconds_bucket",
                "rocketmq_consumer_group_create_execution_time_milliseconds_bucket");
    }

    @Test
    void messageTypeFollowsApachesRule() {
        assertThat(MessageType.of(Map.of("TRAN_MSG", "true", "DELAY", "3"))).isEqualTo(MessageType.TRANSACTION);
        assertThat(MessageType.of(Map.of("__SHARDINGKEY", "k", "DELAY", "3"))).isEqualTo(MessageType.FIFO);
        assertThat(MessageType.of(Map.of("DELAY", "3"))).isEqualTo(MessageType.DELAY);
        assertThat(MessageType.of(Map.of("TIMER_DELIVER_MS", "1796650464162"))).isEqualTo(MessageType.DELAY);
        assertThat(MessageType.of(Map.of("__STARTDELIVERTIME", "1796650464162"))).isEqualTo(MessageType.DELAY);
        assertThat(MessageType.of(Map.of("DELAY", "0", "TAGS", "a"))).isEqualTo(MessageType.NORMAL);
    }

    @Test
    void systemNamesAreApaches() {
        assertThat(SystemNames.isSystemTopic("SCHEDULE_TOPIC_XXXX")).isTrue();
        assertThat(SystemNames.isSystemTopic("rmq_sys_wheel_timer")).isTrue();
        assertThat(SystemNames.isSystemTopic("RMQ_SYS_TRANS_HALF_TOPIC")).isTrue();
        assertThat(SystemNames.isSystemTopic("%RETRY%G")).isFalse();
        assertThat(SystemNames.isSystem("T", "CID_RMQ_SYS_TRANS")).isTrue();
        assertThat(SystemNames.isSystem("T", "G")).isFalse();
    }
}
