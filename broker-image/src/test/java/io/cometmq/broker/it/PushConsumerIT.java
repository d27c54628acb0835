package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push consumers in clustering mode (a group shares the messages) and broadcasting mode (everyone gets all). */
class PushConsumerIT {

    private static final int MESSAGES = 200;

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster(dir);
        cluster.startBroker("broker-a");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void twoClusteringConsumersOfOneGroupTogetherReceiveEveryMessage() throws Exception {
        String topic = Clients.unique("Clustering");
        String group = Clients.unique("clustering");
        Set<String> sent = send(topic, "half-1-", MESSAGES / 2);
        Clients.Received first = new Clients.Received();
        Clients.Received second = new Clients.Received();
        DefaultMQPushConsumer a = consumer(group, topic, MessageModel.CLUSTERING, first);
        DefaultMQPushConsumer b = consumer(group, topic, MessageModel.CLUSTERING, second);
        // the client default: a new group on a young topic still starts at offset 0 (QUERY_CONSUMER_OFFSET says 0)
        a.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        b.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        try {
            a.start();
            b.start();
            sent.addAll(send(topic, "half-2-", MESSAGES / 2));
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                Set<String> union = new HashSet<>(first.bodies());
                union.addAll(second.bodies());
                assertThat(union).isEqualTo(sent);
            });
        } finally {
            a.shutdown();
            b.shutdown();
        }
        // duplicates are allowed only around a rebalance; every body must arrive intact at least once
        for (String body : sent) {
            int count = count(first, body) + count(second, body);
            assertThat(count).as("deliveries of %s", body).isBetween(1, 2);
        }
        int total = first.messages.size() + second.messages.size();
        assertThat(total).isGreaterThanOrEqualTo(MESSAGES);
    }

    @Test
    void everyBroadcastingConsumerReceivesEveryMessage() throws Exception {
        String topic = Clients.unique("Broadcasting");
        String group = Clients.unique("broadcasting");
        Set<String> sent = send(topic, "all-", MESSAGES);
        Clients.Received first = new Clients.Received();
        Clients.Received second = new Clients.Received();
        DefaultMQPushConsumer a = consumer(group, topic, MessageModel.BROADCASTING, first);
        DefaultMQPushConsumer b = consumer(group, topic, MessageModel.BROADCASTING, second);
        try {
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                assertThat(first.bodies()).isEqualTo(sent);
                assertThat(second.bodies()).isEqualTo(sent);
            });
        } finally {
            a.shutdown();
            b.shutdown();
        }
        assertThat(first.messages).hasSize(MESSAGES);
        assertThat(second.messages).hasSize(MESSAGES);
    }

    private DefaultMQPushConsumer consumer(String group, String topic, MessageModel model, Clients.Received into)
            throws Exception {
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        consumer.setMessageModel(model);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(into.listener());
        return consumer;
    }

    private Set<String> send(String topic, String prefix, int count) throws Exception {
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("push-producer"));
        Set<String> bodies = new HashSet<>();
        try {
            for (int i = 0; i < count; i++) {
                String body = prefix + i + "-" + "x".repeat(i % 50);
                assertThat(producer.send(new Message(topic, "TagA", bytes(body))).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);
                bodies.add(body);
            }
        } finally {
            producer.shutdown();
        }
        return bodies;
    }

    private static int count(Clients.Received received, String body) {
        AtomicInteger count = received.countByBody.get(body);
        return count == null ? 0 : count.get();
    }
}
