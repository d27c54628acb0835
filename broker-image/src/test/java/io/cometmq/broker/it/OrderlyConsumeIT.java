package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordered messages: a key always goes to one queue, and an orderly consumer (LOCK_BATCH_MQ) sees them in order. */
class OrderlyConsumeIT {

    private static final int KEYS = 8;
    private static final int PER_KEY = 25;

    @TempDir
    Path dir;

    @Test
    void orderlyConsumerSeesEveryKeysSequenceInOrder() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            cluster.startBroker("broker-a");
            String topic = Clients.unique("Orderly");
            MessageQueueSelector byKey = (queues, message, key) ->
                    queues.get(Math.floorMod(key.hashCode(), queues.size()));
            Map<String, List<Integer>> sequences = new ConcurrentHashMap<>();
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("order-producer"));
            DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), Clients.unique("orderly"));
            try {
                sendHalf(producer, topic, byKey, 0);
                consumer.subscribe(topic, "*");
                consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
                    for (MessageExt message : messages) {
                        String[] parts = text(message.getBody()).split(":");
                        sequences.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>())
                                .add(Integer.parseInt(parts[1]));
                    }
                    return ConsumeOrderlyStatus.SUCCESS;
                });
                consumer.start();
                // the second half arrives while the consumer holds its queue locks
                sendHalf(producer, topic, byKey, PER_KEY / 2);
                await().atMost(Duration.ofSeconds(45)).until(() -> sequences.size() == KEYS
                        && sequences.values().stream().allMatch(list -> list.size() >= PER_KEY));
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
            List<Integer> expected = IntStream.range(0, PER_KEY).boxed().toList();
            sequences.forEach((key, received) -> assertThat(received).as("sequence of %s", key)
                    .containsExactlyElementsOf(expected));
        }
    }

    @Test
    void twoOrderlyConsumersShareTheQueuesThroughLocksAndKeepEachKeyInOrder() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            BrokerServer broker = cluster.startBroker("broker-a");
            String topic = Clients.unique("Orderly2");
            String group = Clients.unique("orderly2");
            MessageQueueSelector byKey = (queues, message, key) ->
                    queues.get(Math.floorMod(key.hashCode(), queues.size()));
            // one list per key shared by both consumers: a queue's lock lets only one of them append at a time
            Map<String, List<Integer>> sequences = new ConcurrentHashMap<>();
            Map<String, Set<String>> consumersByKey = new ConcurrentHashMap<>();
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("order-producer"));
            DefaultMQPushConsumer first = Clients.pushConsumer(cluster.nameServerAddr(), group);
            DefaultMQPushConsumer second = Clients.pushConsumer(cluster.nameServerAddr(), group);
            try {
                producer.send(new Message(topic, "TagA", bytes("create")), byKey, "create");
                for (DefaultMQPushConsumer consumer : List.of(first, second)) {
                    String name = consumer.getInstanceName();
                    consumer.subscribe(topic, "*");
                    consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
                        for (MessageExt message : messages) {
                            String[] parts = text(message.getBody()).split(":");
                            if (parts.length == 2) {
                                sequences.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>())
                                        .add(Integer.parseInt(parts[1]));
                                consumersByKey.computeIfAbsent(parts[0], k -> ConcurrentHashMap.newKeySet())
                                        .add(name);
                            }
                        }
                        return ConsumeOrderlyStatus.SUCCESS;
                    });
                    consumer.start();
                }
                // both members known to the broker before the stream starts, so the split settles early
                await().atMost(Duration.ofSeconds(20)).until(() -> broker.consumers().group(group) != null
                        && broker.consumers().group(group).clientIds().size() == 2);
                sendHalf(producer, topic, byKey, 0);
                sendHalf(producer, topic, byKey, PER_KEY / 2);
                await().atMost(Duration.ofSeconds(45)).until(() -> sequences.size() == KEYS
                        && sequences.values().stream().allMatch(list -> list.size() >= PER_KEY));
            } finally {
                first.shutdown();
                second.shutdown();
                producer.shutdown();
            }
            List<Integer> expected = IntStream.range(0, PER_KEY).boxed().toList();
            sequences.forEach((key, received) -> assertThat(received).as("sequence of %s", key)
                    .containsExactlyElementsOf(expected));
            Set<String> consumers = new HashSet<>();
            consumersByKey.values().forEach(consumers::addAll);
            assertThat(consumers).as("consumers that received messages").hasSize(2);
        }
    }

    private static void sendHalf(DefaultMQProducer producer, String topic, MessageQueueSelector byKey, int from)
            throws Exception {
        int to = from == 0 ? PER_KEY / 2 : PER_KEY;
        for (int seq = from; seq < to; seq++) {
            for (int k = 0; k < KEYS; k++) {
                String key = "key-" + k;
                Message message = new Message(topic, "TagA", key, bytes(key + ":" + seq));
                SendResult result = producer.send(message, byKey, key);
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
        }
    }
}
