package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Apache RocketMQ 5.3.3 clients for the ITs: every client gets its own instance name (so clients in this JVM never
 * share an MQClientInstance) and every test its own group names.
 */
final class Clients {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Clients() {
    }

    /** A name no other test or client in this JVM uses. */
    static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The offset message id a client derives from a stored message (store host + commit-log offset). */
    static String offsetMsgId(MessageExt message) {
        return MessageDecoder.createMessageId(message.getStoreHost(), message.getCommitLogOffset());
    }

    /** A started producer; the caller shuts it down. */
    static DefaultMQProducer producer(String nameServer, String group) throws MQClientException {
        DefaultMQProducer producer = unstartedProducer(nameServer, group);
        producer.start();
        return producer;
    }

    /** A producer configured but not started, for tests that tune it before it starts. */
    static DefaultMQProducer unstartedProducer(String nameServer, String group) {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(unique("producer"));
        return producer;
    }

    /**
     * A push consumer, configured but not started, reading from the first offset of new queues.
     *
     * <p>The 5.3.3 client runs its first rebalance and its first scheduled heartbeat both about 1 s after start.
     * When the scheduled heartbeat holds the client's heartbeat lock, the rebalance's heartbeat (carrying the bumped
     * subVersion) is skipped, and every pull gets SUBSCRIPTION_NOT_LATEST until the next heartbeat, exactly as from an
     * Apache broker. A 5 s heartbeat interval keeps that stall short in tests.
     *
     * <p>A consumer started before its topic exists finds no route and, with the client's defaults, waits for the
     * next route poll (30 s) before it connects to the broker and rebalances; polling every second cuts that wait.
     */
    static DefaultMQPushConsumer pushConsumer(String nameServer, String group) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName(unique("consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setHeartbeatBrokerInterval(5_000);
        consumer.setPollNameServerInterval(1_000);
        return consumer;
    }

    /** A listener that adds each message's body (UTF-8) to {@code bodies} and acknowledges the batch. */
    static MessageListenerConcurrently addingBodiesTo(Collection<String> bodies) {
        return (batch, context) -> {
            batch.forEach(message -> bodies.add(text(message.getBody())));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    /** Everything one consumer received, in delivery order, plus how often each body arrived. */
    static final class Received {
        final List<MessageExt> messages = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> countByBody = new ConcurrentHashMap<>();

        MessageListenerConcurrently listener() {
            return (batch, context) -> {
                batch.forEach(this::add);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            };
        }

        void add(MessageExt message) {
            messages.add(message);
            countByBody.computeIfAbsent(text(message.getBody()), k -> new AtomicInteger()).incrementAndGet();
        }

        Set<String> bodies() {
            return countByBody.keySet();
        }
    }

    /**
     * Reads a whole topic with a fresh group from the first offset until {@code done} holds, then shuts the consumer
     * down. Returns what arrived.
     */
    static Received readAll(String nameServer, String topic, Duration timeout,
            java.util.function.Predicate<Received> done) throws MQClientException {
        Received received = new Received();
        DefaultMQPushConsumer consumer = pushConsumer(nameServer, unique("read-all"));
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> done.test(received));
        } finally {
            consumer.shutdown();
        }
        return received;
    }

    /**
     * Consumes {@code topic} as {@code group} from the first offset until the bodies received are exactly
     * {@code expected} (asserted within {@code timeout}), then shuts the consumer down.
     */
    static void awaitBodies(String nameServer, String group, String topic, Set<String> expected, Duration timeout)
            throws MQClientException {
        Set<String> received = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = pushConsumer(nameServer, group);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(addingBodiesTo(received));
        consumer.start();
        try {
            await().atMost(timeout).untilAsserted(() -> assertThat(received).isEqualTo(expected));
        } finally {
            consumer.shutdown();
        }
    }

    /** Runs an mqadmin sub-command (Apache rocketmq-tools) in this JVM and returns what it printed. */
    static String mqadmin(String... args) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            org.apache.rocketmq.tools.command.MQAdminStartup.main0(args, null);
        } finally {
            System.setOut(original);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
