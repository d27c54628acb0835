package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RemotingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop (SIGTERM) persists consumer offsets: after a restart a group resumes where it was instead of
 * reading the topic again.
 */
class RestartOffsetsIT {

    private static final int QUEUES = 4;

    @TempDir
    Path dir;

    @Test
    void groupResumesFromItsCommittedOffsetsAfterAGracefulRestart() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir.resolve("cluster"));
                // offsets are persisted only at shutdown here: the periodic flush is pushed out of the test's reach
                BrokerProcess broker = new BrokerProcess(dir, "broker-restart", cluster.nameServerAddr(),
                        Map.of("flushConsumerOffsetInterval", "600000"));
                RemotingClient raw = new RemotingClient()) {
            broker.start();
            CrashRecoveryIT.awaitRegistered(cluster, "broker-restart");
            String topic = Clients.unique("Restart");
            String group = Clients.unique("restart");

            Set<String> firstRound = send(cluster, topic, "before-", 120);
            Clients.Received before = new Clients.Received();
            DefaultMQPushConsumer consumer = consumer(cluster, group, topic, before);
            consumer.start();
            try {
                await().atMost(Duration.ofSeconds(40)).until(() -> before.bodies().containsAll(firstRound));
                // the client commits every 5 s; wait until the broker holds the final offset of every queue
                await().atMost(Duration.ofSeconds(30)).until(() -> committed(raw, broker, group, topic)
                        .equals(maxOffsets(raw, broker, topic)));
            } finally {
                consumer.shutdown();
            }
            Map<Integer, Long> offsetsBeforeStop = committed(raw, broker, group, topic);
            assertThat(offsetsBeforeStop.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(120);

            int exit = broker.terminate();
            assertThat(broker.logText()).contains("CometMQ broker stopped");
            assertThat(exit).isIn(0, 143);

            broker.start();
            CrashRecoveryIT.awaitRegistered(cluster, "broker-restart");
            assertThat(committed(raw, broker, group, topic)).isEqualTo(offsetsBeforeStop);

            Set<String> secondRound = send(cluster, topic, "after-", 60);
            Clients.Received after = new Clients.Received();
            DefaultMQPushConsumer resumed = consumer(cluster, group, topic, after);
            resumed.start();
            try {
                await().atMost(Duration.ofSeconds(40)).until(() -> after.bodies().containsAll(secondRound));
            } finally {
                resumed.shutdown();
            }
            Set<String> reconsumed = new HashSet<>(after.bodies());
            reconsumed.retainAll(firstRound);
            assertThat(reconsumed).as("messages consumed before the restart and delivered again").isEmpty();
        }
    }

    private static DefaultMQPushConsumer consumer(LocalCluster cluster, String group, String topic,
            Clients.Received into) throws Exception {
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(into.listener());
        return consumer;
    }

    private static Set<String> send(LocalCluster cluster, String topic, String prefix, int count) throws Exception {
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("restart-producer"));
        Set<String> bodies = new HashSet<>();
        try {
            for (int i = 0; i < count; i++) {
                String body = prefix + i;
                assertThat(producer.send(new Message(topic, bytes(body))).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);
                bodies.add(body);
            }
        } finally {
            producer.shutdown();
        }
        return bodies;
    }

    /** The broker's committed offset per queue (-1 when none), asked with QUERY_CONSUMER_OFFSET. */
    private static Map<Integer, Long> committed(RemotingClient raw, BrokerProcess broker, String group, String topic)
            throws Exception {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (int queueId = 0; queueId < QUEUES; queueId++) {
            RemotingCommand response = raw.invokeSync(broker.address(), RemotingCommand.request(
                    RequestCode.QUERY_CONSUMER_OFFSET, Map.of("consumerGroup", group, "topic", topic,
                            "queueId", Integer.toString(queueId), "setZeroIfNotFound", "false")), 5000);
            offsets.put(queueId, response.code() == ResponseCode.SUCCESS ? Long.parseLong(response.field("offset"))
                    : -1L);
        }
        return offsets;
    }

    private static Map<Integer, Long> maxOffsets(RemotingClient raw, BrokerProcess broker, String topic)
            throws Exception {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (int queueId = 0; queueId < QUEUES; queueId++) {
            RemotingCommand response = raw.invokeSync(broker.address(), RemotingCommand.request(
                    RequestCode.GET_MAX_OFFSET, Map.of("topic", topic, "queueId", Integer.toString(queueId)))
                    , 5000);
            offsets.put(queueId, Long.parseLong(response.field("offset")));
        }
        return offsets;
    }
}
