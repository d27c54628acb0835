package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cometmq.broker.BrokerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.UserInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Authentication across a cluster: the NameServer admits only brokers signing with the inner credentials, the
 * slave replicates and copies the master's users and ACLs (a deleted user is refused there within
 * slaveMetadataSyncInterval) and refuses user changes itself.
 */
class AuthReplicationIT {

    private static final String INNER = "{\"accessKey\":\"cometmq-inner\",\"secretKey\":\"inner-secret-3e8f\"}";
    private static final String ROOT_PASSWORD = "root-pass-c41b";

    @TempDir
    Path dir;

    private static Map<String, String> secured(String role, String brokerId) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerRole", role);
        settings.put("brokerId", brokerId);
        settings.put("authenticationEnabled", "true");
        settings.put("authorizationEnabled", "true");
        settings.put("initAuthenticationUser", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}");
        settings.put("innerClientAuthenticationCredentials", INNER);
        settings.put("slaveMetadataSyncInterval", "300");
        return settings;
    }

    @Test
    void slaveReplicatesAndFollowsTheMastersUsersWithAuthenticationEverywhere() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.addAppender(log);
        try (LocalCluster cluster = new LocalCluster(dir, Map.of("authenticationEnabled", "true",
                "innerClientAuthenticationCredentials", INNER))) {
            BrokerServer master = cluster.startBroker("broker-a", secured("SYNC_MASTER", "0"));
            BrokerServer slave = cluster.startBroker("broker-a", secured("SLAVE", "1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> slave.replication().fetcher().isConnected());

            DefaultMQAdminExt root = admin(cluster, "root", ROOT_PASSWORD);
            try {
                // both registered through the authenticating NameServer
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(root.examineBrokerClusterInfo()
                        .getBrokerAddrTable().get("broker-a").getBrokerAddrs()).containsOnlyKeys(0L, 1L));

                root.createUser(master.brokerAddr(), "app", "app-pass", "Normal");
                root.createAcl(master.brokerAddr(), "User:app", List.of("Topic:orders"), List.of("Pub"), null,
                        "Allow");
                DefaultMQProducer producer = new DefaultMQProducer("app-producer",
                        new AclClientRPCHook(new SessionCredentials("app", "app-pass")));
                producer.setNamesrvAddr(cluster.nameServerAddr());
                producer.setInstanceName(Clients.unique("app-producer"));
                producer.start();
                try {
                    // SYNC_MASTER: SEND_OK means the slave has the message too
                    assertThat(producer.send(new Message("orders", Clients.bytes("o"))).getSendStatus())
                            .isEqualTo(SendStatus.SEND_OK);
                } finally {
                    producer.shutdown();
                }

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    UserInfo copied = root.getUser(slave.brokerAddr(), "app");
                    assertThat(copied).isNotNull();
                    assertThat(root.getAcl(slave.brokerAddr(), "User:app").getPolicies()).isNotEmpty();
                });
                assertThat(AuthorizationIT.refusalOf(() -> root.createUser(slave.brokerAddr(), "x", "y", "Normal")))
                        .isEqualTo("1 broker " + slave.brokerAddr() + " is a slave; change users and ACLs on the "
                                + "master (the slave copies them from there)");

                DefaultMQAdminExt app = admin(cluster, "app", "app-pass");
                try {
                    assertThat(app.fetchBrokerRuntimeStats(slave.brokerAddr()).getTable()).isNotEmpty();
                    root.deleteUser(master.brokerAddr(), "app");
                    assertThat(AuthorizationIT.refusalOf(() -> app.fetchBrokerRuntimeStats(master.brokerAddr())))
                            .isEqualTo("16 User:app is not found.");
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                            assertThat(AuthorizationIT.refusalOf(() -> app.fetchBrokerRuntimeStats(slave.brokerAddr())))
                                    .isEqualTo("16 User:app is not found."));
                } finally {
                    app.shutdown();
                }

                // a broker without the inner credentials cannot register
                Map<String, String> unsigned = secured("ASYNC_MASTER", "0");
                unsigned.remove("innerClientAuthenticationCredentials");
                BrokerServer stranger = cluster.startBroker("broker-b", unsigned);
                assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                        .contains("refused request code 103", "username cannot be null.",
                                "innerClientAuthenticationCredentials"));
                assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                        .contains("refused registration: code 16 username cannot be null."));
                assertThat(root.examineBrokerClusterInfo().getBrokerAddrTable()).doesNotContainKey("broker-b");
                assertThat(stranger.brokerAddr()).isNotEmpty();
            } finally {
                root.shutdown();
            }
        } finally {
            rootLogger.detachAppender(log);
        }
        for (ILoggingEvent event : List.copyOf(log.list)) {
            assertThat(event.getFormattedMessage()).doesNotContain("inner-secret-3e8f", ROOT_PASSWORD, "app-pass");
        }
    }

    private static DefaultMQAdminExt admin(LocalCluster cluster, String user, String password) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(new AclClientRPCHook(new SessionCredentials(user, password)),
                5000);
        admin.setNamesrvAddr(cluster.nameServerAddr());
        admin.setInstanceName(Clients.unique("admin"));
        admin.start();
        return admin;
    }
}
