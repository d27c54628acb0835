package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
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
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), "smoke-producer");
            Set<String> sent = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 50; i++) {
                String body = "hello-" + i;
                SendResult result = producer.send(new Message("SmokeTopic", "TagA", body.getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sent.add(body);
            }
            try {
                Clients.awaitBodies(cluster.nameServerAddr(), "smoke-consumer", "SmokeTopic", sent,
                        Duration.ofSeconds(60));
            } finally {
                producer.shutdown();
            }
        }
    }
}
