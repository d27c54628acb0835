package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.cometmq.broker.BrokerServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients outside, on loopback: the NameServer listens on 127.0.0.1 (inside) and 127.0.0.2 (outside, its external
 * listener); broker "ext-a" is reached from outside through a TCP forwarder on 127.0.0.2 (a NodePort or load balancer
 * stand-in) named in its externalAddressFile; broker "int-b" has no external address. Apache 5.3.3 clients on either
 * side see only their own address set, and both produce and consume.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalAccessIT {

    private static final String TOPIC = "ExtTopic";
    private static final String MEMBER = "ext-a-0";

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static TcpForwarder forwarder;
    private static TcpForwarder movedForwarder;
    private static Path addressFile;
    private static BrokerServer external;
    private static BrokerServer internalOnly;
    private static DefaultMQAdminExt insideAdmin;
    private static DefaultMQAdminExt outsideAdmin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster(dir, Map.of("externalListenHost", "127.0.0.2", "externalListenPort", "0"));
        forwarder = TcpForwarder.listenOn("127.0.0.2");
        addressFile = dir.resolve("addresses.json");
        writeAddresses("{\"" + MEMBER + "\": \"" + forwarder.address() + "\"}");
        external = cluster.startBroker("ext-a", Map.of("externalAddressFile", addressFile.toString(),
                "memberName", MEMBER));
        forwarder.forwardTo(external.boundAddress());
        internalOnly = cluster.startBroker("int-b");
        insideAdmin = cluster.admin();
        outsideAdmin = new DefaultMQAdminExt(5000);
        outsideAdmin.setNamesrvAddr(cluster.externalNameServerAddr());
        outsideAdmin.setInstanceName(Clients.unique("outside-admin"));
        outsideAdmin.start();
        for (BrokerServer broker : new BrokerServer[] {external, internalOnly}) {
            insideAdmin.createAndUpdateTopicConfig(broker.brokerAddr(), new TopicConfig(TOPIC, 2, 2));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> insideAdmin.examineTopicRouteInfo(TOPIC).getBrokerDatas()
                .size() == 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (outsideAdmin != null) {
            outsideAdmin.shutdown();
        }
        if (insideAdmin != null) {
            insideAdmin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
        for (TcpForwarder each : new TcpForwarder[] {forwarder, movedForwarder}) {
            if (each != null) {
                each.close();
            }
        }
    }

    @Test
    @Order(1)
    void eachListenerAnswersWithItsOwnAddressSet() throws Exception {
        TopicRouteData inside = insideAdmin.examineTopicRouteInfo(TOPIC);
        assertThat(inside.getBrokerDatas()).extracting(BrokerData::getBrokerName)
                .containsExactlyInAnyOrder("ext-a", "int-b");
        assertThat(inside.getBrokerDatas()).extracting(BrokerData::selectBrokerAddr)
                .containsExactlyInAnyOrder(external.brokerAddr(), internalOnly.brokerAddr());
        assertThat(inside.getQueueDatas()).extracting(QueueData::getBrokerName)
                .containsExactlyInAnyOrder("ext-a", "int-b");

        TopicRouteData outside = outsideAdmin.examineTopicRouteInfo(TOPIC);
        assertThat(outside.getBrokerDatas()).singleElement().satisfies(broker -> {
            assertThat(broker.getBrokerName()).isEqualTo("ext-a");
            assertThat(broker.getBrokerAddrs()).isEqualTo(Map.of(0L, forwarder.address()));
        });
        assertThat(outside.getQueueDatas()).extracting(QueueData::getBrokerName).containsExactly("ext-a");

        ClusterInfo insideCluster = insideAdmin.examineBrokerClusterInfo();
        assertThat(insideCluster.getBrokerAddrTable()).containsOnlyKeys("ext-a", "int-b");
        assertThat(insideCluster.getBrokerAddrTable().get("ext-a").selectBrokerAddr()).isEqualTo(external.brokerAddr());
        ClusterInfo outsideCluster = outsideAdmin.examineBrokerClusterInfo();
        assertThat(outsideCluster.getBrokerAddrTable()).containsOnlyKeys("ext-a");
        assertThat(outsideCluster.getBrokerAddrTable().get("ext-a").selectBrokerAddr()).isEqualTo(forwarder.address());
        assertThat(outsideCluster.getClusterAddrTable()).isEqualTo(Map.of("TestCluster", Set.of("ext-a")));
    }

    @Test
    @Order(2)
    void insideAndOutsideClientsBothProduceAndConsume() throws Exception {
        long forwardedBefore = forwarder.bytesForwarded();
        Set<String> sentOutside = send(cluster.externalNameServerAddr(), "outside", 10);
        Set<String> onExternalBroker = new HashSet<>(sentOutside);
        Set<String> sentInside = new HashSet<>();
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("inside-producer"));
        try {
            for (int i = 0; i < 10; i++) {
                String body = "inside-" + i;
                SendResult result = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sentInside.add(body);
                if (result.getMessageQueue().getBrokerName().equals("ext-a")) {
                    onExternalBroker.add(body);
                }
            }
        } finally {
            producer.shutdown();
        }
        assertThat(forwarder.bytesForwarded()).as("the outside producer went through the forwarder")
                .isGreaterThan(forwardedBefore);

        // outside: the queues of ext-a only, whoever sent to them; inside: everything
        Clients.awaitBodies(cluster.externalNameServerAddr(), Clients.unique("outside-consumer"), TOPIC,
                onExternalBroker, Duration.ofSeconds(40));
        Set<String> everything = new HashSet<>(sentInside);
        everything.addAll(sentOutside);
        Clients.awaitBodies(cluster.nameServerAddr(), Clients.unique("inside-consumer"), TOPIC, everything,
                Duration.ofSeconds(40));
    }

    @Test
    @Order(3)
    void brokerRequestsAreRefusedOnTheExternalListener() throws Exception {
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setBrokerName("intruder");
        header.setBrokerAddr("127.0.0.2:1");
        header.setClusterName("TestCluster");
        header.setHaServerAddr("127.0.0.2:2");
        header.setBrokerId(0L);
        header.setBodyCrc32(0);
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
        try {
            RemotingCommand outside = client.invokeSync(cluster.externalNameServerAddr(),
                    RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, header), 5000);
            assertThat(outside.getCode()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(outside.getRemark()).contains("REGISTER_BROKER is refused on the NameServer's external "
                    + "listener " + cluster.externalNameServerAddr()).contains("internal listener");
        } finally {
            client.shutdown();
        }
        assertThat(insideAdmin.examineBrokerClusterInfo().getBrokerAddrTable()).doesNotContainKey("intruder");
    }

    @Test
    @Order(4)
    void aChangedAddressFileIsRegisteredWithoutARestart() throws Exception {
        movedForwarder = TcpForwarder.listenOn("127.0.0.2");
        movedForwarder.forwardTo(external.boundAddress());
        try (LogCapture logs = new LogCapture()) {
            writeAddresses("{\"" + MEMBER + "\": \"" + movedForwarder.address() + "\", \"other\": \"h:1\"}");
            // re-read every 10 s, then registered at once
            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(outsideAdmin.examineTopicRouteInfo(TOPIC).getBrokerDatas().get(0).getBrokerAddrs())
                            .isEqualTo(Map.of(0L, movedForwarder.address())));
            assertThat(insideAdmin.examineTopicRouteInfo(TOPIC).getBrokerDatas()).extracting(BrokerData::selectBrokerAddr)
                    .as("inside unchanged").containsExactlyInAnyOrder(external.brokerAddr(), internalOnly.brokerAddr());
            long before = movedForwarder.bytesForwarded();
            assertThat(send(cluster.externalNameServerAddr(), "moved", 1)).hasSize(1);
            assertThat(movedForwarder.bytesForwarded()).isGreaterThan(before);

            writeAddresses("not json");
            await().atMost(Duration.ofSeconds(25)).until(() -> !logs.lines(Level.ERROR, addressFile.toString())
                    .isEmpty());
            assertThat(logs.lines(Level.ERROR, addressFile.toString())).first().asString()
                    .contains("member '" + MEMBER + "'").contains("is not JSON")
                    .contains("keeping external address " + movedForwarder.address());
            assertThat(outsideAdmin.examineTopicRouteInfo(TOPIC).getBrokerDatas().get(0).getBrokerAddrs())
                    .isEqualTo(Map.of(0L, movedForwarder.address()));
        }
    }

    /** Sends {@code count} messages through a fresh producer of {@code nameServer}; all must land on ext-a. */
    private static Set<String> send(String nameServer, String prefix, int count) throws Exception {
        Set<String> sent = new HashSet<>();
        DefaultMQProducer producer = Clients.producer(nameServer, Clients.unique(prefix + "-producer"));
        try {
            for (int i = 0; i < count; i++) {
                String body = prefix + "-" + i;
                SendResult result = producer.send(new Message(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(result.getMessageQueue().getBrokerName()).isEqualTo("ext-a");
                sent.add(body);
            }
        } finally {
            producer.shutdown();
        }
        return sent;
    }

    /** Replaces the file in one step, as a kubelet swaps a ConfigMap volume's contents. */
    private static void writeAddresses(String json) throws Exception {
        Path temporary = Files.writeString(dir.resolve("addresses.json.tmp"), json);
        Files.move(temporary, addressFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
