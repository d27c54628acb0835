package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.netty.RemotingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A half message outlives a graceful broker restart and is still resolved by a check-back; transactions resolved
 * before the restart stay resolved (the op topic is replayed), so they are neither checked nor delivered again.
 */
class TransactionRestartIT {

    @TempDir
    Path dir;

    @Test
    void pendingHalfMessageIsCheckedAndCommittedAfterARestart() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            Map<String, String> settings = new LinkedHashMap<>(TransactionIT.FAST_CHECKS);
            // the first check is due only after the restart, from the recovered half queue
            settings.put("transactionTimeOut", "2000");
            BrokerServer broker = cluster.startBroker("broker-txr", settings);
            String topic = Clients.unique("TxRestart");
            AtomicBoolean restarted = new AtomicBoolean();
            TransactionIT.Checks checks = new TransactionIT.Checks(body -> restarted.get()
                    ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.UNKNOW);
            TransactionMQProducer producer = TransactionIT.producer(cluster.nameServerAddr(),
                    Clients.unique("tx-restart"), body -> switch (body) {
                        case "committed-before" -> LocalTransactionState.COMMIT_MESSAGE;
                        case "rolled-back-before" -> LocalTransactionState.ROLLBACK_MESSAGE;
                        default -> LocalTransactionState.UNKNOW;
                    }, checks);
            DefaultMQPushConsumer consumer = null;
            try {
                producer.sendMessageInTransaction(new Message(topic, bytes("committed-before")), null);
                producer.sendMessageInTransaction(new Message(topic, bytes("rolled-back-before")), null);
                producer.sendMessageInTransaction(new Message(topic, bytes("pending")), null);

                // both ENDs are oneway: wait until the broker wrote their op records before stopping it
                try (RemotingClient raw = new RemotingClient()) {
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            TransactionIT.maxOffset(raw, broker, "RMQ_SYS_TRANS_OP_HALF_TOPIC") == 2);
                }
                cluster.restartBroker(broker);
                restarted.set(true);

                Clients.Received received = new Clients.Received();
                consumer = Clients.pushConsumer(cluster.nameServerAddr(), Clients.unique("tx-restart-group"));
                consumer.subscribe(topic, "*");
                consumer.registerMessageListener(received.listener());
                consumer.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> received.bodies().contains("pending")
                        && received.bodies().contains("committed-before"));
                await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() ->
                        !received.bodies().contains("rolled-back-before") && received.messages.size() == 2);
                assertThat(checks.count("committed-before")).isZero();
                assertThat(checks.count("rolled-back-before")).isZero();
                assertThat(checks.count("pending")).isPositive();
            } finally {
                if (consumer != null) {
                    consumer.shutdown();
                }
                producer.shutdown();
            }
        }
    }
}
