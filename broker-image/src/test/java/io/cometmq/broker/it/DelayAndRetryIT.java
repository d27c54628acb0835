package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay levels, timer messages, retry with back-off and the dead-letter queue, with the Apache client. */
class DelayAndRetryIT {

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private io.cometmq.broker.BrokerServer broker;
    private DefaultMQProducer producer;
    private final List<DefaultMQPushConsumer> consumers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        // level 2 keeps RocketMQ's 5 s; level 3 (the first retry back-off, 10 s by default) is shortened to 2 s
        broker = cluster.startBroker("broker-a", Map.of("messageDelayLevel",
                "1s 5s 2s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"));
        producer = Clients.producer(cluster.nameServerAddr(), "delay-producer");
    }

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        producer.shutdown();
        cluster.close();
    }


    private DefaultMQPushConsumer consumer(String group, String topic, MessageListenerConcurrently listener)
            throws Exception {
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(listener);
        consumers.add(consumer);
        return consumer;
    }

    @Test
    void delayLevelTwoArrivesAfterFiveSecondsAndWellBeforeTwenty() throws Exception {
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        consumer("delay-group", "DelayTopic", (messages, context) -> {
            messages.forEach(m -> arrivals.put(new String(m.getBody(), StandardCharsets.UTF_8),
                    System.currentTimeMillis()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();
        producer.send(new Message("DelayTopic", "warm-up".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.containsKey("warm-up"));

        Message delayed = new Message("DelayTopic", "delayed".getBytes(StandardCharsets.UTF_8));
        delayed.setDelayTimeLevel(2);
        long sentAt = System.currentTimeMillis();
        assertThat(producer.send(delayed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        await().atMost(Duration.ofSeconds(20)).until(() -> arrivals.containsKey("delayed"));
        assertThat(arrivals.get("delayed") - sentAt).isBetween(5_000L, 15_000L);
    }

    @Test
    void delayedMessageSurvivesABrokerRestart() throws Exception {
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        producer.send(new Message("DelayRestartTopic", "warm-up".getBytes(StandardCharsets.UTF_8)));
        Message delayed = new Message("DelayRestartTopic", "delayed".getBytes(StandardCharsets.UTF_8));
        delayed.setDelayTimeLevel(2);
        long sentAt = System.currentTimeMillis();
        assertThat(producer.send(delayed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        broker = cluster.restartBroker(broker); // parked in SCHEDULE_TOPIC_XXXX, not delivered yet

        consumer("delay-restart-group", "DelayRestartTopic", (messages, context) -> {
            messages.forEach(m -> arrivals.put(new String(m.getBody(), StandardCharsets.UTF_8),
                    System.currentTimeMillis()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();
        await().atMost(Duration.ofSeconds(40)).until(() -> arrivals.containsKey("delayed"));
        assertThat(arrivals.get("delayed") - sentAt).isGreaterThanOrEqualTo(5_000L);
        assertThat(arrivals).containsKey("warm-up");
    }

    @Test
    void timerMessageArrivesAtItsDeliveryTime() throws Exception {
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        consumer("timer-group", "TimerTopic", (messages, context) -> {
            messages.forEach(m -> arrivals.put(new String(m.getBody(), StandardCharsets.UTF_8),
                    System.currentTimeMillis()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();
        long deliverAt = System.currentTimeMillis() + 3_000;
        Message timed = new Message("TimerTopic", "timed".getBytes(StandardCharsets.UTF_8));
        timed.setDeliverTimeMs(deliverAt);
        assertThat(producer.send(timed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);

        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.containsKey("timed"));
        assertThat(arrivals.get("timed")).isGreaterThanOrEqualTo(deliverAt);
    }

    @Test
    void delayLevelOutOfRangeIsRefusedWithTheRange() {
        Message bad = new Message("DelayTopic", "bad".getBytes(StandardCharsets.UTF_8));
        bad.setDelayTimeLevel(42);
        assertThatThrownBy(() -> producer.send(bad))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> assertThat(e.getResponseCode()).isEqualTo(13))
                .hasMessageContaining("1..18");
    }

    @Test
    void poisonMessageIsRetriedThenDeadLettered() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer poisoned = consumer("poison-group", "PoisonTopic", (messages, context) -> {
            messages.forEach(m -> attempts.add(m.getReconsumeTimes()));
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        poisoned.setMaxReconsumeTimes(1);
        // the topic exists before the consumer starts, so its first heartbeat finds the broker at once
        assertThat(producer.send(new Message("PoisonTopic", "poison".getBytes(StandardCharsets.UTF_8)))
                .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        poisoned.start();

        // first delivery, then one retry after the level-3 back-off
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(attempts)
                .as("schedule q2 max %d, retry max %d, DLQ max %d",
                        broker.store().maxOffsetInQueue("SCHEDULE_TOPIC_XXXX", 2),
                        broker.store().maxOffsetInQueue("%RETRY%poison-group", 0),
                        broker.store().maxOffsetInQueue("%DLQ%poison-group", 0))
                .hasSizeGreaterThanOrEqualTo(2));
        assertThat(attempts.subList(0, 2)).containsExactly(0, 1);

        List<MessageExt> dead = new CopyOnWriteArrayList<>();
        consumer("dlq-reader", "%DLQ%poison-group", (messages, context) -> {
            dead.addAll(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !dead.isEmpty());
        assertThat(new String(dead.get(0).getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(dead.get(0).getReconsumeTimes()).isEqualTo(2);
        assertThat(attempts).hasSize(2);

        // an operator looks at the dead letter with the admin tool by its id
        String viewed = Clients.mqadmin("queryMsgById", "-n", cluster.nameServerAddr(), "-t", "%DLQ%poison-group",
                "-i", dead.get(0).getMsgId());
        assertThat(viewed).contains("poison-group").contains(dead.get(0).getMsgId());
    }
}
