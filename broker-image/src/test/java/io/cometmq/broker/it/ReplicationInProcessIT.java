package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Master and slave in one JVM: SYNC_MASTER acknowledgements, reads from the slave, promotion. */
class ReplicationInProcessIT {

    @TempDir
    Path dir;

    @Test
    void syncMasterReplicatesAndSlaveServesAndIsPromoted() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir); RemotingClient admin = new RemotingClient()) {
            BrokerServer master = cluster.startBroker("broker-a", Map.of("brokerRole", "SYNC_MASTER"));
            BrokerServer slave = cluster.startBroker("broker-a", Map.of("brokerRole", "SLAVE", "brokerId", "1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> slave.replication().fetcher().isConnected());

            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), "ha-producer");
            Set<String> sent = ConcurrentHashMap.newKeySet();
            try {
                for (int i = 0; i < 100; i++) {
                    SendResult result = producer.send(new Message("HaTopic", ("m-" + i).getBytes(StandardCharsets.UTF_8)));
                    assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                    sent.add("m-" + i);
                }
            } finally {
                producer.shutdown();
            }
            assertThat(slave.store().commitLogMaxOffset())
                    .isEqualTo(master.store().commitLogMaxOffset());

            // promotion is refused while the master lives
            RemotingCommand refused = admin.invokeSync(slave.brokerAddr(),
                    RemotingCommand.request(RequestCode.PROMOTE_SLAVE_TO_MASTER), 10_000);
            assertThat(refused.code()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);

            master.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> !slave.replication().fetcher().isConnected());

            Clients.awaitBodies(cluster.nameServerAddr(), "ha-new-group", "HaTopic", sent, Duration.ofSeconds(60));

            RemotingCommand promoted = admin.invokeSync(slave.brokerAddr(),
                    RemotingCommand.request(RequestCode.PROMOTE_SLAVE_TO_MASTER, Map.of("role", "ASYNC_MASTER")),
                    10_000);
            assertThat(promoted.code()).as(promoted.remark()).isEqualTo(ResponseCode.SUCCESS);

            DefaultMQProducer after = Clients.producer(cluster.nameServerAddr(), "ha-producer-2");
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(after.send(
                        new Message("HaTopic", "after".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK));
            } finally {
                after.shutdown();
            }
        }
    }
}
