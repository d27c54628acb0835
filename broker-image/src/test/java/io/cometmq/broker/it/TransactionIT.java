package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RemotingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactional messages with the Apache 5.3.3 TransactionMQProducer: commit, rollback, check-back, check limit. */
class TransactionIT {

    /** Fast checks: a half message is asked about after 1 s, rounds every 0.5 s. */
    static final Map<String, String> FAST_CHECKS = Map.of("transactionCheckInterval", "500",
            "transactionTimeOut", "1000");

    private static final String WARM_UP = "warm-up";

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private final List<TransactionMQProducer> producers = new CopyOnWriteArrayList<>();
    private final List<DefaultMQPushConsumer> consumers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        consumers.forEach(DefaultMQPushConsumer::shutdown);
        producers.forEach(TransactionMQProducer::shutdown);
        if (cluster != null) {
            cluster.close();
        }
    }

    private BrokerServer startCluster(Map<String, String> extra) throws Exception {
        cluster = new LocalCluster(dir);
        Map<String, String> settings = new LinkedHashMap<>(FAST_CHECKS);
        settings.putAll(extra);
        return cluster.startBroker("broker-tx", settings);
    }

    @Test
    void committedIsDeliveredAndRolledBackNeverIs() throws Exception {
        startCluster(Map.of());
        String topic = Clients.unique("TxCommit");
        Checks checks = new Checks(body -> LocalTransactionState.ROLLBACK_MESSAGE);
        TransactionMQProducer producer = producer(cluster.nameServerAddr(), Clients.unique("tx-commit"), body ->
                body.startsWith("commit") ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE, checks);
        producers.add(producer);
        Clients.Received received = consume(topic, producer);

        TransactionSendResult rolledBack = producer.sendMessageInTransaction(new Message(topic, bytes("rollback-1")),
                null);
        TransactionSendResult committed = producer.sendMessageInTransaction(new Message(topic, "TagA", bytes("commit-1")),
                null);
        assertThat(rolledBack.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(rolledBack.getLocalTransactionState()).isEqualTo(LocalTransactionState.ROLLBACK_MESSAGE);
        assertThat(committed.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(committed.getTransactionId()).isEqualTo(committed.getMsgId());

        await().atMost(Duration.ofSeconds(30)).until(() -> received.bodies().contains("commit-1"));
        MessageExt delivered = delivered(received, "commit-1");
        assertThat(delivered.getTopic()).isEqualTo(topic);
        assertThat(delivered.getTags()).isEqualTo("TagA");
        assertThat(delivered.getMsgId()).isEqualTo(committed.getMsgId());
        assertThat(delivered.getProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED)).isNull();
        assertThat(delivered.getProperty(MessageConst.PROPERTY_REAL_TOPIC)).isNull();
        // well past transactionTimeOut: a resolved half message is neither delivered nor checked
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() ->
                !received.bodies().contains("rollback-1") && checks.asked.isEmpty());
        assertThat(received.countByBody.get("commit-1").get()).isEqualTo(1);
    }

    @Test
    void unknownIsInvisibleUntilACheckBackResolvesIt() throws Exception {
        startCluster(Map.of());
        String topic = Clients.unique("TxCheck");
        AtomicBoolean decided = new AtomicBoolean();
        Checks checks = new Checks(body -> {
            if (body.startsWith("rollback")) {
                return LocalTransactionState.ROLLBACK_MESSAGE;
            }
            return decided.get() ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.UNKNOW;
        });
        TransactionMQProducer producer = producer(cluster.nameServerAddr(), Clients.unique("tx-check"),
                body -> LocalTransactionState.UNKNOW, checks);
        producers.add(producer);
        Clients.Received received = consume(topic, producer);

        TransactionSendResult pending = producer.sendMessageInTransaction(new Message(topic, bytes("commit-later")),
                null);
        producer.sendMessageInTransaction(new Message(topic, bytes("rollback-later")), null);
        assertThat(pending.getLocalTransactionState()).isEqualTo(LocalTransactionState.UNKNOW);

        // each unanswered check re-appends the half message and asks again; nothing is visible meanwhile
        await().atMost(Duration.ofSeconds(20)).until(() -> checks.count("commit-later") >= 2
                && checks.count("rollback-later") >= 1);
        assertThat(received.bodies()).containsOnly(WARM_UP);
        MessageExt asked = checks.asked.stream().filter(m -> text(m.getBody()).equals("commit-later")).findFirst()
                .orElseThrow();
        assertThat(asked.getTopic()).as("check body carries the real topic").isEqualTo(topic);
        assertThat(asked.getTransactionId()).isEqualTo(pending.getMsgId());
        assertThat(asked.getProperty(MessageConst.PROPERTY_PRODUCER_GROUP)).isEqualTo(producer.getProducerGroup());

        decided.set(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.bodies().contains("commit-later"));
        int checksAtCommit = checks.count("commit-later");
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() ->
                !received.bodies().contains("rollback-later") && checks.count("rollback-later") == 1
                        && checks.count("commit-later") == checksAtCommit);
        assertThat(received.countByBody.get("commit-later").get()).isEqualTo(1);
        assertThat(delivered(received, "commit-later").getMsgId()).isEqualTo(pending.getMsgId());
    }

    @Test
    void halfMessageIsDiscardedAfterTransactionCheckMaxChecks() throws Exception {
        BrokerServer broker = startCluster(Map.of("transactionCheckMax", "2"));
        String topic = Clients.unique("TxMax");
        Checks checks = new Checks(body -> LocalTransactionState.UNKNOW);
        TransactionMQProducer producer = producer(cluster.nameServerAddr(), Clients.unique("tx-max"),
                body -> LocalTransactionState.UNKNOW, checks);
        producers.add(producer);
        producer.sendMessageInTransaction(new Message(topic, bytes("never-decided")), null);

        try (RemotingClient raw = new RemotingClient()) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    maxOffset(raw, broker, "TRANS_CHECK_MAX_TIME_TOPIC") == 1);
        }
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(4)).until(() ->
                checks.count("never-decided") == 2);
    }

    @Test
    void endTransactionForAnUnknownOffsetIsASystemError() throws Exception {
        BrokerServer broker = startCluster(Map.of());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("producerGroup", "nobody");
        header.put("tranStateTableOffset", "0");
        header.put("commitLogOffset", "987654321");
        header.put("commitOrRollback", "8");
        header.put("fromTransactionCheck", "false");
        header.put("msgId", "0A000001000018B4AAC2000000000000");
        try (RemotingClient raw = new RemotingClient()) {
            RemotingCommand response = raw.invokeSync(broker.brokerAddr(),
                    RemotingCommand.request(RequestCode.END_TRANSACTION, header), 5000);
            assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(response.remark()).contains("no half message at commit-log offset 987654321");
        }
    }

    /**
     * A running consumer of {@code topic}: a plain warm-up message creates the topic and proves the consumer is
     * pulling before any transaction starts.
     */
    private Clients.Received consume(String topic, TransactionMQProducer producer) throws Exception {
        assertThat(producer.send(new Message(topic, bytes(WARM_UP))).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        Clients.Received received = new Clients.Received();
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), Clients.unique("tx-group"));
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(received.listener());
        consumers.add(consumer);
        consumer.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.bodies().contains(WARM_UP));
        return received;
    }

    private static MessageExt delivered(Clients.Received received, String body) {
        return received.messages.stream().filter(m -> text(m.getBody()).equals(body)).findFirst().orElseThrow();
    }

    static long maxOffset(RemotingClient raw, BrokerServer broker, String topic) throws Exception {
        RemotingCommand response = raw.invokeSync(broker.brokerAddr(), RemotingCommand.request(
                RequestCode.GET_MAX_OFFSET, Map.of("topic", topic, "queueId", "0")), 5000);
        return response.code() == ResponseCode.SUCCESS ? Long.parseLong(response.field("offset")) : -1;
    }

    /** A started transaction producer; heartbeats every second so the broker soon knows where to send checks. */
    static TransactionMQProducer producer(String nameServer, String group,
            Function<String, LocalTransactionState> local, Checks checks) throws Exception {
        TransactionMQProducer producer = new TransactionMQProducer(group);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(Clients.unique("tx-producer"));
        producer.setHeartbeatBrokerInterval(1000);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                return local.apply(text(message.getBody()));
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt message) {
                return checks.answer(message);
            }
        });
        producer.start();
        return producer;
    }

    /** Records every check-back the broker sends and answers it. */
    static final class Checks {
        final List<MessageExt> asked = new CopyOnWriteArrayList<>();
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final Function<String, LocalTransactionState> answer;

        Checks(Function<String, LocalTransactionState> answer) {
            this.answer = answer;
        }

        LocalTransactionState answer(MessageExt message) {
            asked.add(message);
            String body = text(message.getBody());
            counts.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
            return answer.apply(body);
        }

        int count(String body) {
            AtomicInteger count = counts.get(body);
            return count == null ? 0 : count.get();
        }
    }
}
