package io.cometmq.sdk;

import static io.cometmq.sdk.SdkClients.body;
import static io.cometmq.sdk.SdkClients.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gRPC SDK scenarios of issue #15, run by each subclass against its own cluster (a single master, a promoted
 * slave). Each test uses its own topic and group; the cluster is shared by the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GrpcScenarios {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Invisible time of SimpleConsumer receives: above the lowered minimum (1 s), short enough to wait for. */
    static final Duration INVISIBLE = Duration.ofSeconds(2);

    /** Longer than an unacked message takes to come back (INVISIBLE plus a revive scan, 200 ms). */
    static final Duration QUIET = INVISIBLE.plusSeconds(1);

    private static final AtomicInteger NAMES = new AtomicInteger();

    SdkClients clients;

    /** The cluster the scenarios run against; its {@link SdkCluster#master()} serves the SDK. */
    abstract SdkCluster cluster();

    @BeforeEach
    void openClients() {
        clients = new SdkClients();
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    static String unique(String prefix) {
        return prefix + "_" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "_" + NAMES.incrementAndGet();
    }

    ClientConfiguration plaintext() {
        return SdkClients.config(cluster().endpoint(), false);
    }

    String topic(String type) throws Exception {
        String topic = unique("sdk_" + type.toLowerCase());
        cluster().createTopic(topic, type);
        return topic;
    }

    /** Receives (and does not ack) until {@code done} holds for everything received so far; returns it all. */
    static List<MessageView> receiveUntil(SimpleConsumer consumer, Duration invisible,
            Predicate<List<MessageView>> done) {
        return receiveUntil(consumer, 16, invisible, done);
    }

    /** As above, at most {@code max} messages per receive. */
    static List<MessageView> receiveUntil(SimpleConsumer consumer, int max, Duration invisible,
            Predicate<List<MessageView>> done) {
        List<MessageView> received = new ArrayList<>();
        await().atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            received.addAll(consumer.receive(max, invisible));
            return done.test(received);
        });
        return received;
    }

    static Set<String> bodies(List<MessageView> views) {
        Set<String> bodies = new java.util.TreeSet<>();
        views.forEach(view -> bodies.add(body(view)));
        return bodies;
    }

    /** Nothing at all is received for {@code quiet} (acked messages stay acked, rolled-back ones never come). */
    static void assertNothingReceivedFor(SimpleConsumer consumer, Duration quiet) throws Exception {
        long end = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() - end < 0) { // each receive long-polls (SdkClients.AWAIT) when nothing is there
            assertThat(bodies(consumer.receive(16, INVISIBLE))).as("received within %s", quiet).isEmpty();
        }
    }

    @Test
    void normalMessagesAreReceivedAndAckedBySimpleConsumer() throws Exception {
        String topic = topic("NORMAL");
        Producer producer = clients.producer(plaintext(), topic);
        Map<String, String> ids = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            SendReceipt receipt = producer.send(message(topic, "normal-" + i).setTag("tag-a").setKeys("key-" + i)
                    .addProperty("seq", Integer.toString(i)).build());
            ids.put("normal-" + i, receipt.getMessageId().toString());
        }
        // the group is new: it starts at the first message, sent before it existed
        SimpleConsumer consumer = clients.simpleConsumer(plaintext(), unique("sdk_simple"), topic);
        List<MessageView> received = receiveUntil(consumer, INVISIBLE, got -> bodies(got).size() == 5);

        assertThat(received).hasSize(5);
        for (MessageView view : received) {
            String body = body(view);
            int seq = Integer.parseInt(body.substring("normal-".length()));
            assertThat(view.getMessageId().toString()).as("id of %s", body).isEqualTo(ids.get(body));
            assertThat(view.getTopic()).isEqualTo(topic);
            assertThat(view.getTag()).contains("tag-a");
            assertThat(view.getKeys()).containsExactly("key-" + seq);
            assertThat(view.getProperties()).containsEntry("seq", Integer.toString(seq));
            assertThat(view.getDeliveryAttempt()).as("delivery attempt of %s", body).isEqualTo(1);
            consumer.ack(view);
        }
        // acked: not delivered again once the invisible time is well over
        assertNothingReceivedFor(consumer, QUIET);
    }

    @Test
    void unackedMessageComesBackAfterItsInvisibleDuration() throws Exception {
        String topic = topic("NORMAL");
        Producer producer = clients.producer(plaintext(), topic);
        String id = producer.send(message(topic, "redeliver-me").build()).getMessageId().toString();
        SimpleConsumer consumer = clients.simpleConsumer(plaintext(), unique("sdk_invisible"), topic);

        MessageView first = receiveUntil(consumer, INVISIBLE, got -> !got.isEmpty()).get(0);
        long firstAt = System.currentTimeMillis();
        assertThat(first.getMessageId().toString()).isEqualTo(id);
        assertThat(first.getDeliveryAttempt()).isEqualTo(1);

        List<MessageView> again = receiveUntil(consumer, INVISIBLE, got -> !got.isEmpty());
        long secondAt = System.currentTimeMillis();
        assertThat(again).hasSize(1);
        MessageView second = again.get(0);
        assertThat(second.getMessageId().toString()).isEqualTo(id);
        assertThat(body(second)).isEqualTo("redeliver-me");
        assertThat(second.getDeliveryAttempt()).isEqualTo(2);
        assertThat(secondAt - firstAt).as("ms until redelivery").isGreaterThanOrEqualTo(INVISIBLE.toMillis() - 100);

        consumer.ack(second); // (that an ack ends redelivery is the first scenario's last check)
    }

    @Test
    void pushConsumerConsumesAll() throws Exception {
        String topic = topic("NORMAL");
        Producer producer = clients.producer(plaintext(), topic);
        Set<String> sent = new java.util.TreeSet<>();
        for (int i = 0; i < 20; i++) {
            sent.add(producer.send(message(topic, "push-" + i).build()).getMessageId().toString());
        }
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        clients.pushConsumer(plaintext(), unique("sdk_push"), topic, view -> {
            consumed.add(view.getMessageId().toString());
            return ConsumeResult.SUCCESS;
        });
        await().atMost(DEADLINE).until(() -> consumed.containsAll(sent));
        assertThat(consumed).isEqualTo(sent);
    }

    @Test
    void fifoMessagesKeepTheirOrderPerMessageGroup() throws Exception {
        String topic = topic("FIFO");
        String group = unique("sdk_fifo");
        cluster().createGroup(group, true);
        Producer producer = clients.producer(plaintext(), topic);
        List<String> messageGroups = List.of("order-a", "order-b", "order-c");
        int perGroup = 6;
        for (int i = 0; i < perGroup; i++) {
            for (String messageGroup : messageGroups) { // interleaved
                producer.send(message(topic, messageGroup + ":" + i).setMessageGroup(messageGroup).build());
            }
        }
        Map<String, List<String>> consumed = new ConcurrentHashMap<>();
        clients.pushConsumer(plaintext(), group, topic, view -> {
            consumed.computeIfAbsent(view.getMessageGroup().orElse("(none)"), g -> new CopyOnWriteArrayList<>())
                    .add(body(view));
            return ConsumeResult.SUCCESS;
        });
        await().atMost(DEADLINE).until(() -> consumed.values().stream().mapToInt(List::size).sum()
                >= messageGroups.size() * perGroup);
        assertThat(consumed.keySet()).containsExactlyInAnyOrderElementsOf(messageGroups);
        for (String messageGroup : messageGroups) {
            List<String> inOrder = new ArrayList<>();
            for (int i = 0; i < perGroup; i++) {
                inOrder.add(messageGroup + ":" + i);
            }
            assertThat(consumed.get(messageGroup)).as("consumption order of message group %s", messageGroup)
                    .isEqualTo(inOrder);
        }
    }

    @Test
    void delayMessageArrivesNoEarlierThanAsked() throws Exception {
        String topic = topic("DELAY");
        Producer producer = clients.producer(plaintext(), topic);
        SimpleConsumer consumer = clients.simpleConsumer(plaintext(), unique("sdk_delay"), topic);
        long deliverAt = System.currentTimeMillis() + 2_000;
        producer.send(message(topic, "later").setDeliveryTimestamp(deliverAt).build());

        MessageView view = receiveUntil(consumer, INVISIBLE, got -> !got.isEmpty()).get(0);
        long receivedAt = System.currentTimeMillis();
        assertThat(body(view)).isEqualTo("later");
        assertThat(receivedAt).as("received at, asked for %d", deliverAt).isGreaterThanOrEqualTo(deliverAt);
        assertThat(view.getDeliveryTimestamp()).as("the delivery time the producer asked for").contains(deliverAt);
        consumer.ack(view);
    }

    @Test
    void transactionsCommitRollbackAndCheckBack() throws Exception {
        String topic = topic("TRANSACTION");
        List<String> checked = new CopyOnWriteArrayList<>();
        // the broker asks about the undecided transaction only: the checker commits it
        Producer producer = clients.transactionalProducer(plaintext(), topic, view -> {
            checked.add(body(view));
            return "orphan".equals(body(view)) ? TransactionResolution.COMMIT : TransactionResolution.UNKNOWN;
        });
        Transaction commit = producer.beginTransaction();
        producer.send(message(topic, "commit").build(), commit);
        Transaction rollback = producer.beginTransaction();
        producer.send(message(topic, "rollback").build(), rollback);
        Transaction orphan = producer.beginTransaction();
        String orphanId = producer.send(message(topic, "orphan").build(), orphan).getMessageId().toString();
        commit.commit();
        rollback.rollback();
        // orphan: neither committed nor rolled back, as if the producer had crashed before deciding

        SimpleConsumer consumer = clients.simpleConsumer(plaintext(), unique("sdk_tx"), topic);
        List<MessageView> received = receiveUntil(consumer, INVISIBLE,
                got -> bodies(got).containsAll(List.of("commit", "orphan")));
        received.forEach(view -> {
            try {
                consumer.ack(view);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(bodies(received)).containsExactlyInAnyOrder("commit", "orphan");
        assertThat(checked).as("check-backs").contains("orphan").doesNotContain("commit", "rollback");
        MessageView delivered = received.stream().filter(v -> body(v).equals("orphan")).findFirst().orElseThrow();
        assertThat(delivered.getMessageId().toString()).isEqualTo(orphanId);
        assertNothingReceivedFor(consumer, QUIET);
    }

    @Test
    void remotingAndGrpcClientsReadEachOthersMessages() throws Exception {
        String topic = topic("NORMAL");
        // remoting producer -> gRPC SimpleConsumer
        Map<String, String> remotingIds = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            Message message = new Message(topic, "tag-r", "rkey-" + i, ("from-remoting-" + i).getBytes(StandardCharsets.UTF_8));
            SendResult result = cluster().admin().producer().send(message);
            remotingIds.put("from-remoting-" + i, result.getMsgId());
        }
        SimpleConsumer consumer = clients.simpleConsumer(plaintext(), unique("sdk_interop"), topic);
        List<MessageView> received = receiveUntil(consumer, INVISIBLE, got -> bodies(got).size() == 3);
        assertThat(received).hasSize(3);
        for (MessageView view : received) {
            assertThat(view.getMessageId().toString()).isEqualTo(remotingIds.get(body(view)));
            assertThat(view.getTag()).contains("tag-r");
            assertThat(view.getKeys()).containsExactly("rkey-" + body(view).substring("from-remoting-".length()));
            consumer.ack(view);
        }

        // gRPC producer -> remoting push consumer (the classic pull path)
        Producer producer = clients.producer(plaintext(), topic);
        Map<String, String> grpcIds = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            SendReceipt receipt = producer.send(message(topic, "from-grpc-" + i).setTag("tag-g").setKeys("gkey-" + i)
                    .addProperty("seq", Integer.toString(i)).build());
            grpcIds.put("from-grpc-" + i, receipt.getMessageId().toString());
        }
        Map<String, MessageExt> consumed = new ConcurrentHashMap<>();
        DefaultMQPushConsumer remoting = new DefaultMQPushConsumer(unique("sdk_remoting"));
        remoting.setNamesrvAddr(cluster().nameServer());
        remoting.setInstanceName(unique("sdk-remoting"));
        remoting.setPollNameServerInterval(1000);
        remoting.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        remoting.subscribe(topic, "tag-g");
        remoting.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> consumed.put(new String(m.getBody(), StandardCharsets.UTF_8), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        remoting.start();
        try {
            await().atMost(DEADLINE).until(() -> consumed.keySet().containsAll(grpcIds.keySet()));
        } finally {
            remoting.shutdown();
        }
        assertThat(consumed.keySet()).containsExactlyInAnyOrderElementsOf(grpcIds.keySet());
        consumed.forEach((body, m) -> {
            assertThat(m.getMsgId()).as("UNIQ_KEY of %s", body).isEqualTo(grpcIds.get(body));
            assertThat(m.getTags()).isEqualTo("tag-g");
            assertThat(m.getKeys()).isEqualTo("gkey-" + m.getProperty("seq"));
        });
    }
}
