package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceConsumeSmokeIT {

    @TempDir
    Path dir;

    @Test
    void apacheProducerAndPushConsumerRoundTrip() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            cluster.startBroker("broker-a");
            DefaultMQProducer producer = new DefaultMQProducer("smoke-producer");
            producer.setNamesrvAddr(cluster.nameServerAddr());
            producer.setInstanceName("p-" + System.nanoTime());
            producer.start();
            Set<String> sent = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 50; i++) {
                String body = "hello-" + i;
                SendResult result = producer.send(new Message("SmokeTopic", "TagA", body.getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sent.add(body);
            }
            Set<String> received = ConcurrentHashMap.newKeySet();
            DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("smoke-consumer");
            consumer.setNamesrvAddr(cluster.nameServerAddr());
            consumer.setInstanceName("c-" + System.nanoTime());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe("SmokeTopic", "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                messages.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received).isEqualTo(sent));
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }
}
