package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewinding a group by timestamp (INVOKE_BROKER_TO_RESET_OFFSET) with the Apache admin client: messages stored
 * after the timestamp are delivered again to an online group, and an offline group starts from there.
 */
class OffsetResetIT {

    private static final int BEFORE = 6;
    private static final int AFTER = 6;

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;
    private static String brokerAddr;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir);
        brokerAddr = cluster.startBroker("broker-a").brokerAddr();
        admin = cluster.admin();
        producer = Clients.producer(cluster.nameServerAddr(), "reset-it-producer");
    }

    @AfterAll
    static void stop() {
        producer.shutdown();
        admin.shutdown();
        cluster.close();
    }

    @Test
    void onlineGroupGetsEverythingStoredAfterTheTimestampAgain() throws Exception {
        String topic = "RewindTopic";
        long rewindTo = sendBeforeAndAfterATimestamp(topic);
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = pushConsumer("rewind-group", topic, ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
                deliveries);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() == BEFORE + AFTER);

            Map<MessageQueue, Long> offsets = admin.resetOffsetByTimestamp(topic, "rewind-group", rewindTo, true);

            assertThat(unconsumedFrom(topic, offsets)).isEqualTo(AFTER);
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                for (int i = 0; i < AFTER; i++) {
                    assertThat(count(deliveries, topic + "-after-" + i)).as("after-%d", i).isGreaterThanOrEqualTo(2);
                }
            });
            for (int i = 0; i < BEFORE; i++) {
                assertThat(count(deliveries, topic + "-before-" + i)).as("before-%d", i).isEqualTo(1);
            }
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void offlineGroupStartsFromTheResetOffsets() throws Exception {
        String topic = "OfflineRewindTopic";
        long rewindTo = sendBeforeAndAfterATimestamp(topic);
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName("offline-group");
        admin.createAndUpdateSubscriptionGroupConfig(brokerAddr, group);

        Map<MessageQueue, Long> offsets = admin.resetOffsetByTimestamp(topic, "offline-group", rewindTo, true);

        assertThat(unconsumedFrom(topic, offsets)).isEqualTo(AFTER);
        ConsumeStats stats = admin.examineConsumeStats("offline-group", topic);
        assertThat(stats.computeTotalDiff()).isEqualTo(AFTER);

        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        // from the last offset, were it not for the stored reset
        DefaultMQPushConsumer consumer = pushConsumer("offline-group", topic, ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
                deliveries);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() == AFTER);
            assertThat(deliveries.keySet()).allSatisfy(body -> assertThat(body).contains("-after-"));
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void unknownGroupIsRejected() {
        assertThatThrownBy(() -> admin.resetOffsetByTimestamp("RewindTopic", "never-seen-group",
                System.currentTimeMillis(), true))
                .isInstanceOfSatisfying(MQClientException.class, e -> assertThat(e.getResponseCode()).isEqualTo(26));
    }

    /** Sends BEFORE messages, picks a timestamp after all of them, then sends AFTER messages stored after it. */
    private static long sendBeforeAndAfterATimestamp(String topic) throws Exception {
        send(topic, "before", BEFORE);
        long boundary = System.currentTimeMillis() + 1;
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(() -> System.currentTimeMillis() > boundary);
        send(topic, "after", AFTER);
        return boundary;
    }

    private static void send(String topic, String phase, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            byte[] body = (topic + "-" + phase + "-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(producer.send(new Message(topic, body)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    /** Messages between the reset offsets and the end of each queue. */
    private static long unconsumedFrom(String topic, Map<MessageQueue, Long> offsets) throws Exception {
        Map<MessageQueue, TopicOffset> ends = admin.examineTopicStats(topic).getOffsetTable();
        assertThat(offsets.keySet()).containsExactlyInAnyOrderElementsOf(ends.keySet());
        return offsets.entrySet().stream().mapToLong(e -> ends.get(e.getKey()).getMaxOffset() - e.getValue()).sum();
    }

    private static int count(Map<String, AtomicInteger> deliveries, String body) {
        AtomicInteger n = deliveries.get(body);
        return n == null ? 0 : n.get();
    }

    private static DefaultMQPushConsumer pushConsumer(String group, String topic, ConsumeFromWhere from,
            Map<String, AtomicInteger> deliveries) throws Exception {
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        consumer.setConsumeFromWhere(from);
        consumer.setPersistConsumerOffsetInterval(1000);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                    k -> new AtomicInteger()).incrementAndGet());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }
}
