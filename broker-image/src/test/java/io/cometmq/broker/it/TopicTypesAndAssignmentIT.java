package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.message.MessageQueueAssignment;
import org.apache.rocketmq.common.message.MessageRequestMode;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.body.MessageRequestModeSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.subscription.GroupRetryPolicyType;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic message types, the RocketMQ 5 subscription group fields, request modes and server-side assignment, as the
 * Apache 5.3.3 admin tools and clients see them; and what a slave copies of them. One cluster for the class:
 * broker-a (a master with its slave, the defaults), broker-b (MIXED allowed, sends unchecked) and broker-c
 * (restarted by the tests that need it).
 */
class TopicTypesAndAssignmentIT {

    private static final Duration SLAVE_SYNC = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;
    private static BrokerServer master;
    private static BrokerServer slave;
    private static BrokerServer relaxed;
    private static BrokerServer restartable;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir);
        master = cluster.startBroker("broker-a");
        slave = cluster.startBroker("broker-a", Map.of("brokerRole", "SLAVE", "brokerId", "1",
                "slaveMetadataSyncInterval", "300"));
        relaxed = cluster.startBroker("broker-b", Map.of("enableMixedMessageType", "true",
                "enableTopicMessageTypeCheck", "false"));
        restartable = cluster.startBroker("broker-c");
        admin = cluster.admin();
        producer = Clients.producer(cluster.nameServerAddr(), "types-it-producer");
        producer.setSendMsgTimeout(10_000);
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static TopicConfig topic(String name, int queues, String attributes) {
        TopicConfig config = new TopicConfig(name, queues, queues, 6);
        if (attributes != null) {
            config.setAttributes(Map.of(attributes.substring(0, attributes.indexOf('=')),
                    attributes.substring(attributes.indexOf('=') + 1)));
        }
        return config;
    }

    /** Sends until the producer knows the topic's route (it was created on the broker just now). */
    private static void sendOk(Message message) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(
                MQClientException.class)
                .untilAsserted(() -> assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK));
    }

    private static MQBrokerException sendRefused(Message message) {
        Throwable[] thrown = new Throwable[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(
                MQClientException.class).until(() -> {
                    try {
                        producer.send(message);
                        return false;
                    } catch (MQBrokerException e) {
                        thrown[0] = e;
                        return true;
                    }
                });
        return (MQBrokerException) thrown[0];
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTopicsMessageTypeRoundTripsThroughAdminToolsAndReachesTheSlave() throws Exception {
        admin.createAndUpdateTopicConfig(master.brokerAddr(), topic("TypedTopic", 4, "+message.type=FIFO"));
        assertThat(admin.examineTopicConfig(master.brokerAddr(), "TypedTopic").getAttributes())
                .isEqualTo(Map.of("message.type", "FIFO"));

        // an update without attributes keeps them
        admin.createAndUpdateTopicConfig(master.brokerAddr(), topic("TypedTopic", 8, null));
        TopicConfig updated = admin.examineTopicConfig(master.brokerAddr(), "TypedTopic");
        assertThat(updated.getReadQueueNums()).isEqualTo(8);
        assertThat(updated.getAttributes()).isEqualTo(Map.of("message.type", "FIFO"));

        Clients.mqadmin("updateTopic", "-b", master.brokerAddr(), "-t", "TypedTopic", "-r", "8", "-w", "8",
                "-a", "+message.type=TRANSACTION");
        assertThat(admin.examineTopicConfig(master.brokerAddr(), "TypedTopic").getAttributes())
                .isEqualTo(Map.of("message.type", "TRANSACTION"));
        await().atMost(SLAVE_SYNC).ignoreExceptionsInstanceOf(MQBrokerException.class)
                .untilAsserted(() -> assertThat(admin.examineTopicConfig(slave.brokerAddr(),
                "TypedTopic").getAttributes()).isEqualTo(Map.of("message.type", "TRANSACTION")));

        Clients.mqadmin("updateTopic", "-b", master.brokerAddr(), "-t", "TypedTopic", "-r", "8", "-w", "8",
                "-a", "-message.type");
        assertThat(admin.examineTopicConfig(master.brokerAddr(), "TypedTopic").getAttributes()).isEmpty();
    }

    @Test
    void mixedAndUnknownTypesAreRefusedUnlessTheBrokerAllowsMixed() throws Exception {
        assertThatThrownBy(() -> admin.createAndUpdateTopicConfig(master.brokerAddr(),
                topic("MixedTopic", 2, "+message.type=MIXED")))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(29);
                    assertThat(e.getErrorMessage()).isEqualTo("MIXED message type is not supported.");
                });
        assertThatThrownBy(() -> admin.examineTopicConfig(master.brokerAddr(), "MixedTopic"))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> assertThat(e.getResponseCode()).isEqualTo(17));
        assertThatThrownBy(() -> admin.createAndUpdateTopicConfig(master.brokerAddr(),
                topic("OddTopic", 2, "+message.type=ORDERLY")))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(29);
                    assertThat(e.getErrorMessage()).contains("message.type must be one of").contains("ORDERLY");
                });

        admin.createAndUpdateTopicConfig(relaxed.brokerAddr(), topic("MixedTopic", 2, "+message.type=MIXED"));
        assertThat(admin.examineTopicConfig(relaxed.brokerAddr(), "MixedTopic").getAttributes())
                .isEqualTo(Map.of("message.type", "MIXED"));
    }

    @Test
    void sendsAreCheckedOnlyAgainstADeclaredType() throws Exception {
        admin.createAndUpdateTopicConfig(master.brokerAddr(), topic("FifoOnly", 2, "+message.type=FIFO"));
        Message delayed = message("FifoOnly", "delayed");
        delayed.setDelayTimeLevel(2);
        MQBrokerException refused = sendRefused(delayed);
        assertThat(refused.getResponseCode()).isEqualTo(13);
        assertThat(refused.getErrorMessage()).contains(
                "TopicMessageType validate failed, the expected type is FIFO, but actual type is DELAY");
        assertThat(sendRefused(message("FifoOnly", "plain")).getErrorMessage())
                .contains("the expected type is FIFO, but actual type is NORMAL");
        Message grouped = message("FifoOnly", "grouped");
        MessageAccessor.putProperty(grouped, "__SHARDINGKEY", "order-1"); // what a gRPC FIFO message carries
        sendOk(grouped);

        // a topic without message.type takes every kind, as Apache's broker does
        admin.createAndUpdateTopicConfig(master.brokerAddr(), topic("Untyped", 2, null));
        sendOk(message("Untyped", "plain"));
        Message delayedUntyped = message("Untyped", "delayed");
        delayedUntyped.setDelayTimeLevel(1);
        sendOk(delayedUntyped);

        // enableTopicMessageTypeCheck=false
        admin.createAndUpdateTopicConfig(relaxed.brokerAddr(), topic("FifoUnchecked", 2, "+message.type=FIFO"));
        sendOk(message("FifoUnchecked", "plain"));
    }

    @Test
    void groupFieldsOfRocketMq5RoundTripSurviveARestartAndReachTheSlave() throws Exception {
        String addr = restartable.brokerAddr();
        String policy = "{\"type\":\"EXPONENTIAL\",\"exponentialRetryPolicy\":{\"initial\":1000,\"max\":60000,"
                + "\"multiplier\":3}}";
        Clients.mqadmin("updateSubGroup", "-b", addr, "-g", "fifo-group", "-o", "true", "-r", "5", "-p", policy);
        SubscriptionGroupConfig fifo = admin.examineSubscriptionGroupConfig(addr, "fifo-group");
        assertThat(fifo.isConsumeMessageOrderly()).isTrue();
        assertThat(fifo.getRetryMaxTimes()).isEqualTo(5);
        assertThat(fifo.getGroupRetryPolicy().getType()).isEqualTo(GroupRetryPolicyType.EXPONENTIAL);
        assertThat(fifo.getGroupRetryPolicy().getExponentialRetryPolicy().getInitial()).isEqualTo(1000);
        assertThat(fifo.getGroupRetryPolicy().getExponentialRetryPolicy().getMultiplier()).isEqualTo(3);

        Clients.mqadmin("updateSubGroup", "-b", addr, "-g", "fifo-group", "-o", "false");
        assertThat(admin.examineSubscriptionGroupConfig(addr, "fifo-group").isConsumeMessageOrderly()).isFalse();

        Clients.mqadmin("updateSubGroup", "-b", addr, "-g", "fifo-group", "-o", "true", "-p", policy);
        restartable = cluster.restartBroker(restartable);
        SubscriptionGroupConfig restarted = admin.examineSubscriptionGroupConfig(addr, "fifo-group");
        assertThat(restarted.isConsumeMessageOrderly()).isTrue();
        assertThat(restarted.getGroupRetryPolicy().getExponentialRetryPolicy().getMax()).isEqualTo(60000);

        SubscriptionGroupConfig onMaster = new SubscriptionGroupConfig();
        onMaster.setGroupName("replicated-fifo-group");
        onMaster.setConsumeMessageOrderly(true);
        onMaster.setConsumeTimeoutMinute(7);
        admin.createAndUpdateSubscriptionGroupConfig(master.brokerAddr(), onMaster);
        await().atMost(SLAVE_SYNC).untilAsserted(() -> {
            SubscriptionGroupConfig copied = admin.examineSubscriptionGroupConfig(slave.brokerAddr(),
                    "replicated-fifo-group");
            assertThat(copied).isNotNull();
            assertThat(copied.isConsumeMessageOrderly()).isTrue();
            assertThat(copied.getConsumeTimeoutMinute()).isEqualTo(7);
        });
    }

    private static Map<String, ? extends Map<String,
            org.apache.rocketmq.remoting.protocol.body.SetMessageRequestModeRequestBody>> requestModes(String brokerAddr) throws Exception {
        RemotingCommand response = clientApi().getRemotingClient().invokeSync(brokerAddr,
                RemotingCommand.createRequestCommand(RequestCode.GET_ALL_MESSAGE_REQUEST_MODE, null), 5000);
        assertThat(response.getCode()).isZero();
        return RemotingSerializable.decode(response.getBody(), MessageRequestModeSerializeWrapper.class)
                .getMessageRequestModeMap();
    }

    private static MQClientAPIImpl clientApi() {
        return admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl();
    }

    @Test
    void requestModesAreStoredServedCopiedAndKeptOverARestart() throws Exception {
        admin.createAndUpdateTopicConfig(master.brokerAddr(), topic("ModeTopic", 2, null));
        admin.setMessageRequestMode(master.brokerAddr(), "ModeTopic", "mode-group", MessageRequestMode.POP, 2, 5000);
        assertThat(requestModes(master.brokerAddr()).get("ModeTopic").get("mode-group").getMode())
                .isEqualTo(MessageRequestMode.POP);
        await().atMost(SLAVE_SYNC).untilAsserted(() -> assertThat(requestModes(slave.brokerAddr()))
                .containsKey("ModeTopic"));
        assertThat(requestModes(slave.brokerAddr()).get("ModeTopic").get("mode-group").getPopShareQueueNum())
                .isEqualTo(2);

        assertThatThrownBy(() -> admin.setMessageRequestMode(master.brokerAddr(), "%RETRY%mode-group",
                "mode-group", MessageRequestMode.POP, 0, 5000)).hasMessageContaining("retry topic is not allowed");
        assertThatThrownBy(() -> admin.setMessageRequestMode(master.brokerAddr(), "NoSuchTopic", "mode-group",
                MessageRequestMode.POP, 0, 5000)).hasMessageContaining("NoSuchTopic");

        admin.createAndUpdateTopicConfig(restartable.brokerAddr(), topic("KeptModeTopic", 2, null));
        admin.setMessageRequestMode(restartable.brokerAddr(), "KeptModeTopic", "mode-group", MessageRequestMode.POP,
                0, 5000);
        String addr = restartable.brokerAddr();
        restartable = cluster.restartBroker(restartable);
        assertThat(requestModes(addr).get("KeptModeTopic").get("mode-group").getMode())
                .isEqualTo(MessageRequestMode.POP);
    }

    @Test
    void theFifoPopStateReachesTheSlave() {
        master.popOrder().recordPop("FifoStateTopic", "fifo-state-group", 1, "attempt-1", System.currentTimeMillis(),
                60_000, List.of(3L, 4L));
        await().atMost(SLAVE_SYNC).untilAsserted(() -> assertThat(slave.popOrder().lastBatch("FifoStateTopic",
                "fifo-state-group", 1)).isEqualTo(master.popOrder().lastBatch("FifoStateTopic", "fifo-state-group",
                1)));
        assertThat(slave.popOrder().blocked("FifoStateTopic", "fifo-state-group", 1, "attempt-2",
                System.currentTimeMillis())).isTrue();
    }

    @Test
    void consumersLeavingRebalanceToTheBrokerSplitTheQueuesAsApachesStrategyWouldAndConsumeEverything()
            throws Exception {
        String topic = "AssignTopic";
        String group = "server-balanced";
        admin.createAndUpdateTopicConfig(master.brokerAddr(), topic("AssignTopic", 8, null));
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            sendOk(message(topic, "m-" + i));
            sent.add("m-" + i);
        }
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<DefaultMQPushConsumer> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
                consumer.setClientRebalance(false);
                consumer.subscribe(topic, "*");
                consumer.registerMessageListener(Clients.addingBodiesTo(received));
                consumer.start();
                consumers.add(consumer);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received).isEqualTo(sent));

            // the broker's answer is Apache's AllocateMessageQueueAveragely over the group's sorted client ids
            List<String> clientIds = consumers.stream().map(c -> c.getDefaultMQPushConsumerImpl()
                    .getmQClientFactory().getClientId()).sorted().toList();
            List<MessageQueue> queues = new ArrayList<>();
            for (int id = 0; id < 8; id++) {
                queues.add(new MessageQueue(topic, "broker-a", id));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String clientId : clientIds) {
                    Set<MessageQueueAssignment> assignments = clientApi().queryAssignment(master.brokerAddr(),
                            topic, group, clientId, "AVG", MessageModel.CLUSTERING, 5000);
                    assertThat(assignments).allSatisfy(a -> assertThat(a.getMode()).isEqualTo(MessageRequestMode.PULL));
                    assertThat(assignments.stream().map(MessageQueueAssignment::getMessageQueue)
                            .collect(Collectors.toSet())).isEqualTo(Set.copyOf(new AllocateMessageQueueAveragely()
                            .allocate(group, clientId, queues, clientIds)));
                }
            });
            // and it is what the consumers work on (the client rebalance would not ask the broker)
            for (DefaultMQPushConsumer consumer : consumers) {
                String clientId = consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getClientId();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer
                        .getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                        .filter(q -> q.getTopic().equals(topic)).collect(Collectors.toSet()))
                        .isEqualTo(Set.copyOf(new AllocateMessageQueueAveragely().allocate(group, clientId, queues,
                                clientIds))));
            }
        } finally {
            consumers.forEach(DefaultMQPushConsumer::shutdown);
        }
    }

    @Test
    void aPushConsumerInPopModeConsumesEverythingThroughPop() throws Exception {
        String topic = "PopModeTopic";
        String group = "pop-mode-group";
        admin.createAndUpdateTopicConfig(master.brokerAddr(), topic(topic, 4, null));
        admin.setMessageRequestMode(master.brokerAddr(), topic, group, MessageRequestMode.POP, 0, 5000);
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            sendOk(message(topic, "pop-" + i));
            sent.add("pop-" + i);
        }
        Clients.Received received = new Clients.Received();
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        consumer.setClientRebalance(false);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received.bodies()).isEqualTo(sent));
            // popped, not pulled: the broker's receipt (POP_CK) is on every message, and the client works on
            // POP queues (queue id -1: every queue of the broker) and on no PULL queue of the topic
            assertThat(received.messages).allSatisfy(m -> assertThat(m.getProperty("POP_CK")).isNotBlank());
            assertThat(consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getPopProcessQueueTable().keySet())
                    .containsExactly(new MessageQueue(topic, "broker-a", -1));
            assertThat(consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet())
                    .noneMatch(q -> q.getTopic().equals(topic));
        } finally {
            consumer.shutdown();
        }
    }
}
