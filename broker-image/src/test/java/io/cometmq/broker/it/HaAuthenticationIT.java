package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.cometmq.broker.BrokerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HA hello proves the inner credentials when the master has authentication on: a slave with the wrong secret
 * is refused (and never gets a byte of the log), the right one replicates. No secret reaches the log.
 */
class HaAuthenticationIT {

    private static final String INNER_KEY = "cometmq-inner";
    private static final String INNER_SECRET = "inner-secret-3f9a0c1d2b7e4a5f";
    private static final String WRONG_SECRET = "wrong-secret-8e7d6c5b4a392817";

    @TempDir
    Path dir;

    @Test
    void slaveWithWrongInnerCredentialsIsRefusedAndTheRightOneReplicates() throws Exception {
        try (LogCapture logs = new LogCapture(); LocalCluster cluster = new LocalCluster(dir)) {
            BrokerServer master = cluster.startBroker("broker-a", secured(INNER_SECRET, "ASYNC_MASTER", "0"));
            DefaultMQProducer producer = new DefaultMQProducer(Clients.unique("ha-auth"),
                    new AclClientRPCHook(new SessionCredentials(INNER_KEY, INNER_SECRET)));
            producer.setNamesrvAddr(cluster.nameServerAddr());
            producer.setInstanceName(Clients.unique("ha-auth"));
            producer.start();
            try {
                for (int i = 0; i < 10; i++) {
                    assertThat(producer.send(new Message("HaAuthTopic", Clients.bytes("m-" + i))).getSendStatus())
                            .isEqualTo(SendStatus.SEND_OK);
                }
                BrokerServer impostor = cluster.startBroker("broker-a", secured(WRONG_SECRET, "SLAVE", "1"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !logs.lines(Level.WARN,
                        "refused: wrong HA credentials for access key '" + INNER_KEY + "'").isEmpty());
                // the slave logs its side of the refusal after the master logged its own
                await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines(Level.WARN, "replication from")
                        .stream().anyMatch(line -> line.contains("refused")));
                assertThat(impostor.replication().fetcher().isConnected()).isFalse();
                assertThat(impostor.store().commitLogMaxOffset()).isZero();
                impostor.close();

                BrokerServer slave = cluster.startBroker("broker-a", secured(INNER_SECRET, "SLAVE", "1"));
                await().atMost(Duration.ofSeconds(30)).until(() -> slave.replication().fetcher().isConnected());
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        slave.store().commitLogMaxOffset() == master.store().commitLogMaxOffset());
                assertThat(logs.lines(Level.INFO, "authenticated with access key '" + INNER_KEY + "'")).isNotEmpty();
            } finally {
                producer.shutdown();
            }
            assertThat(logs.lines()).noneMatch(line -> line.contains(INNER_SECRET) || line.contains(WRONG_SECRET));
        }
    }

    @Test
    void masterWithAuthenticationRefusesAnUnauthenticatedHello() throws Exception {
        try (LogCapture logs = new LogCapture(); LocalCluster cluster = new LocalCluster(dir)) {
            cluster.startBroker("broker-a", secured(INNER_SECRET, "ASYNC_MASTER", "0"));
            BrokerServer plainSlave = cluster.startBroker("broker-a", Map.of("brokerRole", "SLAVE", "brokerId", "1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !logs.lines(Level.WARN,
                    "refused: no access key in its hello").isEmpty());
            assertThat(plainSlave.replication().fetcher().isConnected()).isFalse();
        }
    }

    private static Map<String, String> secured(String secret, String role, String brokerId) {
        Map<String, String> settings = new HashMap<>();
        settings.put("brokerRole", role);
        settings.put("brokerId", brokerId);
        settings.put("authenticationEnabled", "true");
        settings.put("innerClientAuthenticationCredentials",
                "{\"accessKey\":\"" + INNER_KEY + "\",\"secretKey\":\"" + secret + "\"}");
        return settings;
    }
}
