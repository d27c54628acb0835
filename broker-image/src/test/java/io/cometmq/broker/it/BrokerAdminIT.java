package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.config.BrokerConfigKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.Connection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerOffsetSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.ConsumerRunningInfo;
import org.apache.rocketmq.remoting.protocol.body.MessageRequestModeSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.body.QueueTimeSpan;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broker admin and statistics requests as the unmodified Apache admin client and mqadmin (5.3.3) see them. */
class BrokerAdminIT {

    private static final String CLUSTER = "TestCluster";
    private static final String BROKER = "broker-a";

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static DefaultMQAdminExt admin;
    private static DefaultMQProducer producer;
    private static String brokerAddr;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir);
        brokerAddr = cluster.startBroker(BROKER).brokerAddr();
        admin = cluster.admin();
        producer = Clients.producer(cluster.nameServerAddr(), "admin-it-producer");
    }

    @AfterAll
    static void stop() {
        producer.shutdown();
        admin.shutdown();
        cluster.close();
    }

    @Test
    void runtimeStatsReportPutsRatesVersionAndStore() throws Exception {
        long before = System.currentTimeMillis();
        send("RuntimeTopic", 20);

        assertThat(admin.examineBrokerClusterInfo().getBrokerAddrTable().get(BROKER).getBrokerAddrs())
                .containsEntry(0L, brokerAddr);
        // the TPS sampler runs once a second
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, String> stats = admin.fetchBrokerRuntimeStats(brokerAddr).getTable();
            assertThat(Double.parseDouble(stats.get("putTps").split(" ")[0])).isPositive();
        });
        Map<String, String> stats = admin.fetchBrokerRuntimeStats(brokerAddr).getTable();
        assertThat(stats).containsEntry("brokerVersionDesc", "V5_3_3").containsEntry("brokerVersion", "479")
                .containsEntry("brokerActive", "true");
        assertThat(Long.parseLong(stats.get("msgPutTotalTodayNow"))).isGreaterThanOrEqualTo(20);
        // CometMQ extension: the open-file limit this JVM runs with, as the OS reports it
        assertThat(stats.get("nofileLimit")).isEqualTo(Long.toString(((com.sun.management.UnixOperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount()));
        assertThat(Long.parseLong(stats.get("msgPutTotalTodayMorning"))).isNotNegative();
        assertThat(Long.parseLong(stats.get("msgGetTotalYesterdayMorning"))).isNotNegative();
        assertThat(stats.get("putTps").split(" ")).hasSize(3);
        assertThat(stats.get("getTransferredTps").split(" ")).hasSize(3);
        assertThat(Long.parseLong(stats.get("commitLogMaxOffset")))
                .isGreaterThan(Long.parseLong(stats.get("commitLogMinOffset")));
        assertThat(Long.parseLong(stats.get("earliestMessageTimeStamp")))
                .isBetween(Long.parseLong(stats.get("bootTimestamp")), System.currentTimeMillis());
        assertThat(Long.parseLong(stats.get("bootTimestamp"))).isLessThanOrEqualTo(before);
        assertThat(Double.parseDouble(stats.get("commitLogDiskRatio"))).isBetween(0.0, 1.0);
        assertThat(Double.parseDouble(stats.get("consumeQueueDiskRatio"))).isBetween(0.0, 1.0);
        assertThat(Integer.parseInt(stats.get("sendThreadPoolQueueSize"))).isNotNegative();
    }

    @Test
    void topicStatsShowEachQueuesOffsetsAndLastStoreTime() throws Exception {
        long before = System.currentTimeMillis();
        send("StatsTopic", 12);

        // a send is answered once stored; its consume-queue entry follows (dispatch), so poll for all twelve
        TopicStatsTable stats = await().atMost(Duration.ofSeconds(10)).until(
                () -> admin.examineTopicStats("StatsTopic"), table -> table.getOffsetTable().values().stream()
                        .mapToLong(TopicOffset::getMaxOffset).sum() == 12);

        assertThat(stats.getOffsetTable()).isNotEmpty();
        assertThat(stats.getOffsetTable().keySet()).allSatisfy(queue -> {
            assertThat(queue.getTopic()).isEqualTo("StatsTopic");
            assertThat(queue.getBrokerName()).isEqualTo(BROKER);
        });
        assertThat(stats.getOffsetTable().values().stream().mapToLong(TopicOffset::getMaxOffset).sum())
                .isEqualTo(12);
        for (TopicOffset offset : stats.getOffsetTable().values()) {
            assertThat(offset.getMinOffset()).isZero();
            if (offset.getMaxOffset() > 0) {
                assertThat(offset.getLastUpdateTimestamp()).isBetween(before, System.currentTimeMillis());
            } else {
                assertThat(offset.getLastUpdateTimestamp()).isZero();
            }
        }
        assertThatThrownBy(() -> admin.examineTopicStats("NoSuchTopic")).isNotNull();
    }

    @Test
    void consumeStatsLagIsTheNumberOfUnconsumedMessages() throws Exception {
        String topic = "LagTopic";
        String group = "lag-group";
        send(topic, 12);
        Set<String> received = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = pushConsumer(group, topic, received);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 12);
            // consumers commit on an interval: wait until the broker has all 12 committed
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(lag(admin.examineConsumeStats(group), topic)).isZero());

            ConsumerConnection connection = admin.examineConsumerConnectionInfo(group);
            assertThat(connection.getConnectionSet()).extracting(Connection::getClientId)
                    .containsExactly(consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().getClientId());
            assertThat(connection.getConnectionSet().iterator().next().getVersion()).isEqualTo(479);
            assertThat(connection.getSubscriptionTable()).containsKey(topic);
            assertThat(connection.getConsumeType()).isEqualTo(ConsumeType.CONSUME_PASSIVELY);
            assertThat(connection.getMessageModel()).isEqualTo(MessageModel.CLUSTERING);
            assertThat(connection.getConsumeFromWhere()).isEqualTo(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);

            // relayed to the consumer itself and answered by it
            ConsumerRunningInfo running = admin.getConsumerRunningInfo(group,
                    connection.getConnectionSet().iterator().next().getClientId(), false);
            assertThat(running.getSubscriptionSet()).anySatisfy(sub -> assertThat(sub.getTopic()).isEqualTo(topic));

            assertThat(admin.queryTopicConsumeByWho(topic).getGroupList()).contains(group);
            assertThat(admin.querySubscription(group, topic).getSubString()).isEqualTo("*");
        } finally {
            consumer.shutdown(); // commits its final offsets
        }

        send(topic, 7);

        // the broker's queue offsets move when the dispatcher has indexed the sends, a moment after they are acked
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(lag(admin.examineConsumeStats(group), topic)).isEqualTo(7));
        ConsumeStats stats = admin.examineConsumeStats(group);
        assertThat(lag(stats, topic)).isEqualTo(7);
        assertThat(stats.computeTotalDiff()).isEqualTo(7);
        for (Map.Entry<MessageQueue, OffsetWrapper> entry : stats.getOffsetTable().entrySet()) {
            OffsetWrapper offsets = entry.getValue();
            assertThat(offsets.getPullOffset()).isGreaterThanOrEqualTo(offsets.getConsumerOffset());
            if (entry.getKey().getTopic().equals(topic) && offsets.getConsumerOffset() > 0) {
                assertThat(offsets.getLastTimestamp()).isPositive();
            }
        }
        List<QueueTimeSpan> spans = admin.queryConsumeTimeSpan(topic, group);
        assertThat(spans).isNotEmpty().allSatisfy(span -> assertThat(span.getMessageQueue().getTopic())
                .isEqualTo(topic));
        assertThat(spans).anySatisfy(span -> assertThat(span.getDelayTime()).isPositive());
        ConsumerOffsetSerializeWrapper allOffsets = RemotingSerializable.decode(
                call(RequestCode.GET_ALL_CONSUMER_OFFSET).getBody(), ConsumerOffsetSerializeWrapper.class);
        assertThat(allOffsets.getOffsetTable()).containsKey(topic + "@" + group);
        assertThat(admin.queryTopicsByConsumer(group).getTopicList()).contains(topic);

        assertThatThrownBy(() -> admin.examineConsumerConnectionInfo(group))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> assertThat(e.getResponseCode()).isEqualTo(206));

        String progress = Clients.mqadmin("consumerProgress", "-g", group, "-n", cluster.nameServerAddr());
        assertThat(progress).contains(topic).contains(BROKER).contains("Consume Diff Total: 7");
    }

    @Test
    void subscriptionGroupIsCreatedReadBackListedAndDeleted() throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("configured-group");
        config.setRetryMaxTimes(5);
        config.setRetryQueueNums(2);
        config.setConsumeBroadcastEnable(false);

        admin.createAndUpdateSubscriptionGroupConfig(brokerAddr, config);

        // examineSubscriptionGroupConfig reads the whole table (201); the client API also reads one group (352)
        SubscriptionGroupConfig listed = admin.examineSubscriptionGroupConfig(brokerAddr, "configured-group");
        SubscriptionGroupConfig single = clientApi().getSubscriptionGroupConfig(brokerAddr, "configured-group", 5000);
        for (SubscriptionGroupConfig read : new SubscriptionGroupConfig[] {listed, single}) {
            assertThat(read.getRetryMaxTimes()).isEqualTo(5);
            assertThat(read.getRetryQueueNums()).isEqualTo(2);
            assertThat(read.isConsumeBroadcastEnable()).isFalse();
            assertThat(read.isConsumeEnable()).isTrue();
        }
        assertThat(admin.getAllSubscriptionGroup(brokerAddr, 5000).getDataVersion()).isNotNull();

        admin.deleteSubscriptionGroup(brokerAddr, "configured-group", true);

        assertThat(admin.examineSubscriptionGroupConfig(brokerAddr, "configured-group")).isNull();
        assertThatThrownBy(() -> clientApi().getSubscriptionGroupConfig(brokerAddr, "configured-group", 5000))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> assertThat(e.getResponseCode()).isEqualTo(26));
    }

    /** A request with no header straight to the broker, for codes DefaultMQAdminExt has no method for. */
    private static RemotingCommand call(int code) throws Exception {
        RemotingCommand response = clientApi().getRemotingClient().invokeSync(brokerAddr,
                RemotingCommand.createRequestCommand(code, null), 5000);
        assertThat(response.getCode()).as("response to %d: %s", code, response.getRemark()).isZero();
        return response;
    }

    private static MQClientAPIImpl clientApi() {
        return admin.getDefaultMQAdminExtImpl().getMqClientInstance().getMQClientAPIImpl();
    }

    @Test
    void brokerConfigIsReadableButNotWritable() throws Exception {
        Properties config = admin.getBrokerConfig(brokerAddr);
        assertThat(config.getProperty("brokerName")).isEqualTo(BROKER);
        assertThat(config.getProperty("brokerClusterName")).isEqualTo(CLUSTER);
        // every key of the table, with the effective value: a key the test did not set shows its default
        assertThat(config.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(BrokerConfigKeys.readNames());
        assertThat(config.getProperty("transactionCheckMax"))
                .isEqualTo(BrokerConfigKeys.TRANSACTION_CHECK_MAX.defaultValue()).isEqualTo("15");
        assertThat(config.getProperty("messageDelayLevel")).isEqualTo(BrokerConfigKeys.MESSAGE_DELAY_LEVEL.defaultValue());
        assertThat(config.getProperty("mappedFileSizeCommitLog")).isEqualTo(Integer.toString(16 * 1024 * 1024));

        Properties change = new Properties();
        change.setProperty("brokerPermission", "4");
        assertThatThrownBy(() -> admin.updateBrokerConfig(brokerAddr, change))
                .isInstanceOfSatisfying(MQBrokerException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(3);
                    assertThat(e.getErrorMessage()).contains("read-only");
                });
    }

    @Test
    void tablesSlavesCopyAreServed() throws Exception {
        assertThat(RemotingSerializable.decode(call(RequestCode.GET_ALL_MESSAGE_REQUEST_MODE).getBody(),
                MessageRequestModeSerializeWrapper.class).getMessageRequestModeMap()).isEmpty();
        RemotingCommand delay = call(RequestCode.GET_ALL_DELAY_OFFSET);
        assertThat(delay.getCode()).isZero();
        assertThat(new String(delay.getBody(), StandardCharsets.UTF_8)).contains("\"offsetTable\":{}");
        assertThat(clientApi().getSystemTopicListFromBroker(brokerAddr, 5000).getTopicList())
                .contains("TBW102", "SCHEDULE_TOPIC_XXXX");
    }

    @Test
    void producerConnectionsListTheConnectedProducer() throws Exception {
        send("ProducerTopic", 1);
        String clientId = producer.getDefaultMQProducerImpl().getMqClientFactory().getClientId();
        // the auto-created topic reaches the NameServer with the broker's next registration
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.examineProducerConnectionInfo("admin-it-producer", "ProducerTopic")
                        .getConnectionSet()).extracting(Connection::getClientId).contains(clientId));
        assertThat(admin.getAllProducerInfo(brokerAddr).getData()).containsKey("admin-it-producer");
    }

    @Test
    void mqadminClusterListPrintsTheBrokerWithItsVersion() throws Exception {
        send("ClusterListTopic", 1);
        String out = Clients.mqadmin("clusterList", "-n", cluster.nameServerAddr());
        assertThat(out).contains(CLUSTER).contains(BROKER).contains(brokerAddr).contains("V5_3_3")
                .doesNotContain("Exception");
        String status = Clients.mqadmin("brokerStatus", "-b", brokerAddr, "-n", cluster.nameServerAddr());
        assertThat(status).contains("msgPutTotalTodayNow").contains("putTps").doesNotContain("Exception");
        String config = Clients.mqadmin("getBrokerConfig", "-b", brokerAddr, "-n", cluster.nameServerAddr());
        assertThat(config).containsPattern("transactionCheckMax\\s*=\\s*15").contains("brokerName")
                .doesNotContain("Exception");
    }

    private static void send(String topic, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(producer.send(new Message(topic, "TagA", (topic + "-" + i).getBytes(StandardCharsets.UTF_8)))
                    .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
    }

    private DefaultMQPushConsumer pushConsumer(String group, String topic, Set<String> received) throws Exception {
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        consumer.setPersistConsumerOffsetInterval(1000);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(Clients.addingBodiesTo(received));
        consumer.start();
        return consumer;
    }

    private static long lag(ConsumeStats stats, String topic) {
        assertThat(stats.getOffsetTable().keySet()).anySatisfy(q -> assertThat(q.getTopic()).isEqualTo(topic));
        return stats.getOffsetTable().entrySet().stream().filter(e -> e.getKey().getTopic().equals(topic))
                .mapToLong(e -> e.getValue().getBrokerOffset() - e.getValue().getConsumerOffset()).sum();
    }

    /** Runs an mqadmin sub-command in this JVM and returns what it printed. */
}
