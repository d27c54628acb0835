package io.cometmq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.apache.rocketmq.tools.command.MQAdminStartup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our NameServer as the unmodified Apache admin client (rocketmq-tools 5.3.3) sees it. */
class NameServerApacheAdminIT {

    private NameServer nameServer;
    private String nameServerAddr;
    private DefaultMQAdminExt admin;
    private final List<RegisteringBroker> brokers = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        startNameServer("60000");
    }

    /** A NameServer on a free loopback port that scans every 100 ms and expires brokers after the given time. */
    private void startNameServer(String brokerExpiredMillis) throws Exception {
        if (admin != null) {
            admin.shutdown();
            nameServer.close();
        }
        NameServerConfig config = NameServerConfig.from(Settings.fromMap(Map.of("listenHost", "127.0.0.1",
                "listenPort", "0", "scanNotActiveBrokerInterval", "100", "brokerExpiredTime", brokerExpiredMillis),
                "test"));
        nameServer = new NameServer(config, Clock.systemUTC());
        nameServerAddr = "127.0.0.1:" + nameServer.start().getPort();
        admin = new DefaultMQAdminExt(3000);
        admin.setNamesrvAddr(nameServerAddr);
        admin.setInstanceName("admin-" + System.nanoTime());
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.shutdown();
        admin = null;
        brokers.forEach(RegisteringBroker::close);
        nameServer.close();
    }

    private RegisteringBroker broker(String name, long id, String addr, String... topics) throws Exception {
        RegisteringBroker broker = new RegisteringBroker("CometCluster", name, id, addr, topics);
        brokers.add(broker);
        broker.register(nameServerAddr);
        return broker;
    }

    @Test
    void clusterInfoShowsMastersAndSlavesByGroupAndCluster() throws Exception {
        broker("broker-a", 0, "127.0.0.1:20911", "Orders");
        broker("broker-a", 1, "127.0.0.1:20921", "Orders");
        broker("broker-b", 0, "127.0.0.1:30911", "Orders", "Payments");

        ClusterInfo info = admin.examineBrokerClusterInfo();

        assertThat(info.getClusterAddrTable()).containsOnlyKeys("CometCluster");
        assertThat(info.getClusterAddrTable().get("CometCluster")).containsExactlyInAnyOrder("broker-a", "broker-b");
        BrokerData a = info.getBrokerAddrTable().get("broker-a");
        assertThat(a.getCluster()).isEqualTo("CometCluster");
        assertThat(a.getBrokerAddrs()).containsEntry(0L, "127.0.0.1:20911").containsEntry(1L, "127.0.0.1:20921")
                .hasSize(2);
        assertThat(a.selectBrokerAddr()).isEqualTo("127.0.0.1:20911");
        assertThat(info.getBrokerAddrTable().get("broker-b").getBrokerAddrs()).containsOnlyKeys(0L);
    }

    @Test
    void topicRouteListsQueuesAndBrokersAsTheClientExpects() throws Exception {
        RegisteringBroker a = broker("broker-a", 0, "127.0.0.1:20911", "Orders");
        broker("broker-a", 1, "127.0.0.1:20921", "Orders");
        broker("broker-b", 0, "127.0.0.1:30911", "Orders");
        a.addTopic(new TopicConfig("Orders", 8, 8, 6, "SINGLE_TAG", 0, false, Map.of()));
        a.register(nameServerAddr);

        TopicRouteData route = admin.examineTopicRouteInfo("Orders");

        assertThat(route.getQueueDatas()).extracting(QueueData::getBrokerName)
                .containsExactlyInAnyOrder("broker-a", "broker-b");
        QueueData queuesOfA = route.getQueueDatas().stream().filter(q -> q.getBrokerName().equals("broker-a"))
                .findFirst().orElseThrow();
        assertThat(queuesOfA.getWriteQueueNums()).as("new DataVersion refreshed the queue count").isEqualTo(8);
        assertThat(queuesOfA.getReadQueueNums()).isEqualTo(8);
        assertThat(queuesOfA.getPerm()).isEqualTo(6);
        assertThat(route.getBrokerDatas()).extracting(BrokerData::getBrokerName)
                .containsExactlyInAnyOrder("broker-a", "broker-b");
        BrokerData brokerA = route.getBrokerDatas().stream().filter(b -> b.getBrokerName().equals("broker-a"))
                .findFirst().orElseThrow();
        assertThat(brokerA.getBrokerAddrs()).containsEntry(0L, "127.0.0.1:20911").containsEntry(1L, "127.0.0.1:20921");
    }

    @Test
    void unknownTopicIsTopicNotExist() {
        assertThatThrownBy(() -> admin.examineTopicRouteInfo("NoSuchTopic"))
                .isInstanceOfSatisfying(MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(17))
                .hasMessageContaining("NoSuchTopic");
    }

    @Test
    void topicListsIncludeEveryRegisteredTopic() throws Exception {
        broker("broker-a", 0, "127.0.0.1:20911", "Orders", "%RETRY%billing");
        broker("broker-b", 0, "127.0.0.1:30911", "Payments");

        assertThat(admin.fetchAllTopicList().getTopicList())
                .containsExactlyInAnyOrder("Orders", "%RETRY%billing", "Payments");
        assertThat(admin.fetchTopicsByCLuster("CometCluster").getTopicList())
                .containsExactlyInAnyOrder("Orders", "%RETRY%billing", "Payments");
    }

    @Test
    void slaveRegistrationIsAnsweredWithItsMastersAddresses() throws Exception {
        broker("broker-a", 0, "127.0.0.1:20911", "Orders");
        RegisteringBroker slave = new RegisteringBroker("CometCluster", "broker-a", 1, "127.0.0.1:20921");
        brokers.add(slave);

        RemotingCommand response = slave.register(nameServerAddr);

        assertThat(response.field("masterAddr")).isEqualTo("127.0.0.1:20911");
        assertThat(response.field("haServerAddr")).isEqualTo("127.0.0.1:20912");
    }

    @Test
    void silentBrokerExpiresWhileAReRegisteringOneStays() throws Exception {
        startNameServer("1500");
        RegisteringBroker alive = broker("broker-a", 0, "127.0.0.1:20911", "Orders");
        broker("broker-b", 0, "127.0.0.1:30911", "Orders");
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                alive.register(nameServerAddr);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 300, 300, TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable()).containsOnlyKeys("broker-a"));
            assertThat(admin.examineTopicRouteInfo("Orders").getQueueDatas())
                    .extracting(QueueData::getBrokerName).containsExactly("broker-a");
            // and it stays: the live broker survives several more expiry periods
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable()).containsKey("broker-a"));
        } finally {
            heartbeat.shutdownNow();
        }
    }

    @Test
    void closedBrokerConnectionDropsItImmediately() throws Exception {
        broker("broker-a", 0, "127.0.0.1:20911", "Orders");
        RegisteringBroker b = broker("broker-b", 0, "127.0.0.1:30911", "Payments");

        b.disconnect(nameServerAddr);

        // brokers expire after 60 s here, so anything well below that proves the close itself dropped it (1 s was
        // too tight for a loaded CI machine)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable()).containsOnlyKeys("broker-a"));
        assertThatThrownBy(() -> admin.examineTopicRouteInfo("Payments")).isInstanceOf(MQClientException.class);
    }

    @Test
    void unregisteredBrokerDisappears() throws Exception {
        RegisteringBroker a = broker("broker-a", 0, "127.0.0.1:20911", "Orders");
        a.unregister(nameServerAddr);
        assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable()).isEmpty();
    }

    @Test
    void mqadminTopicRouteAndTopicListPrintWhatIsRegistered() throws Exception {
        broker("broker-a", 0, "127.0.0.1:20911", "Orders");

        String route = mqadmin("topicRoute", "-t", "Orders", "-n", nameServerAddr);
        String list = mqadmin("topicList", "-n", nameServerAddr);

        assertThat(route).contains("\"brokerName\":\"broker-a\"").contains("127.0.0.1:20911");
        assertThat(list).contains("Orders");
    }

    /** Runs an mqadmin sub-command in this JVM and returns what it printed. */
    private static String mqadmin(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            MQAdminStartup.main0(args, null);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
