package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subscription "TagA || TagC" receives exactly the TagA and TagC messages. */
class TagFilterIT {

    @TempDir
    Path dir;

    @Test
    void subscriptionToTwoTagsReceivesExactlyThoseTags() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            cluster.startBroker("broker-a");
            String topic = Clients.unique("Tags");
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("tag-producer"));
            Clients.Received received = new Clients.Received();
            DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), Clients.unique("tags"));
            try {
                // one queue, so the last message (a TagC) is delivered after everything sent before it
                send(producer, new Message(topic, "TagA", bytes("warm-up")), null); // creates the topic
                MessageQueue queue = producer.fetchPublishMessageQueues(topic).get(0);
                for (int i = 0; i < 10; i++) {
                    send(producer, new Message(topic, "TagA", bytes("A-" + i)), queue);
                    send(producer, new Message(topic, "TagB", bytes("B-" + i)), queue);
                    send(producer, new Message(topic, "TagC", bytes("C-" + i)), queue);
                    send(producer, new Message(topic, bytes("none-" + i)), queue);
                }
                send(producer, new Message(topic, "TagC", bytes("C-last")), queue);

                consumer.subscribe(topic, "TagA || TagC");
                // a single consuming thread hands over a queue's messages in order
                consumer.setConsumeThreadMin(1);
                consumer.setConsumeThreadMax(1);
                consumer.registerMessageListener(received.listener());
                consumer.start();
                await().atMost(Duration.ofSeconds(40)).until(() -> received.bodies().contains("C-last"));
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
            List<String> tags = received.messages.stream().map(MessageExt::getTags).distinct().sorted().toList();
            assertThat(tags).containsExactly("TagA", "TagC");
            assertThat(received.bodies()).allMatch(body -> body.startsWith("A-") || body.startsWith("C-")
                    || body.equals("warm-up"));
            for (int i = 0; i < 10; i++) {
                assertThat(received.bodies()).contains("A-" + i, "C-" + i);
            }
            assertThat(received.messages.stream().map(m -> text(m.getBody())).toList())
                    .doesNotContain("B-0", "none-0");
        }
    }

    private static void send(DefaultMQProducer producer, Message message, MessageQueue queue) throws Exception {
        SendStatus status = queue == null ? producer.send(message).getSendStatus()
                : producer.send(message, queue).getSendStatus();
        assertThat(status).isEqualTo(SendStatus.SEND_OK);
    }
}
