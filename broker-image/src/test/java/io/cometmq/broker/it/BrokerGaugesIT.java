package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import io.cometmq.broker.metrics.GaugeScraper;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.metrics.MetricGroup;
import io.cometmq.protocol.metrics.Scrape;
import io.cometmq.protocol.netty.RemotingClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's gauge families scraped from a running broker after real clients (Apache 5.3.3) produced, consumed,
 * held transactions open and scheduled timer messages.
 */
class BrokerGaugesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private GaugeScraper scraper;

    @AfterEach
    void stop() {
        if (scraper != null) {
            scraper.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private BrokerServer start(Map<String, String> settings) throws Exception {
        cluster = new LocalCluster(dir);
        BrokerServer broker = cluster.startBroker("broker-gauges", settings);
        scraper = new GaugeScraper(broker, EnumSet.allOf(MetricGroup.class));
        return broker;
    }

    @Test
    void lagInflightAndReadyFollowWhatAPushConsumerPulledAndCommitted() throws Exception {
        BrokerServer broker = start(Map.of());
        String topic = Clients.unique("LagTopic");
        String group = Clients.unique("lag-group");
        int sent = 20;
        int consumed = 7;
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("lag-producer"));
        CountDownLatch release = new CountDownLatch(1);
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        try {
            for (int i = 0; i < sent; i++) { // all in queue 0: the committed offset is the first message not done
                assertThat(producer.send(new Message(topic, ("m-" + i).getBytes(StandardCharsets.UTF_8)),
                        (queues, message, arg) -> queues.get(0), null).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            }
            consumer.setPersistConsumerOffsetInterval(500);
            // small pulls, and none while a message waits in the client: the client stops pulling part-way
            consumer.setPullBatchSize(5);
            consumer.setPullThresholdForQueue(1);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) -> {
                int index = Integer.parseInt(Clients.text(batch.get(0).getBody()).substring(2));
                if (index >= consumed) {
                    await().atMost(DEADLINE).until(() -> release.getCount() == 0); // holds the offset here
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();

            Map<String, String> labels = Map.of("consumer_group", group, "topic", topic, "is_retry", "false",
                    "is_system", "false");
            await().atMost(DEADLINE).untilAsserted(() -> {
                Scrape scrape = scraper.scrape();
                long pulled = broker.gaugeSources().offsets().pullOffset(group, topic, 0);
                assertThat(pulled).isBetween((long) consumed + 1, (long) sent - 1);
                assertThat(scrape.only("rocketmq_consumer_lag_messages", labels)).isEqualTo(sent - consumed);
                assertThat(scrape.only("rocketmq_consumer_inflight_messages", labels)).isEqualTo(pulled - consumed);
                assertThat(scrape.only("rocketmq_consumer_ready_messages", labels)).isEqualTo(sent - pulled);
                assertThat(scrape.only("rocketmq_consumer_lag_latency_milliseconds", labels)).isPositive();
                assertThat(scrape.only("rocketmq_consumer_queueing_latency_milliseconds", labels)).isPositive();
            });

            release.countDown();
            await().atMost(DEADLINE).untilAsserted(() -> {
                Scrape scrape = scraper.scrape();
                assertThat(scrape.only("rocketmq_consumer_lag_messages", labels)).isZero();
                assertThat(scrape.only("rocketmq_consumer_inflight_messages", labels)).isZero();
                assertThat(scrape.only("rocketmq_consumer_ready_messages", labels)).isZero();
                assertThat(scrape.only("rocketmq_consumer_lag_latency_milliseconds", labels)).isZero();
                assertThat(scrape.only("rocketmq_consumer_queueing_latency_milliseconds", labels)).isZero();
            });
        } finally {
            release.countDown();
            consumer.shutdown();
            producer.shutdown();
        }
        // the group went offline: Apache reports lag only for online groups
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(scraper.scrape()
                .find("rocketmq_consumer_lag_messages", Map.of("consumer_group", group))).isEmpty());
    }

    @Test
    void connectionsCountLiveClientsAndDisappearWhenTheyLeave() throws Exception {
        start(Map.of());
        String group = Clients.unique("conn-group");
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("conn-producer"));
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        Map<String, String> producerLabels = Map.of("language", "java", "version", "v5_3_3",
                "protocol_type", "remoting");
        Map<String, String> consumerLabels = Map.of("consumer_group", group, "language", "java",
                "version", "v5_3_3", "consume_mode", "push", "protocol_type", "remoting", "is_system", "false");
        try {
            String topic = Clients.unique("ConnTopic");
            producer.send(new Message(topic, Clients.bytes("hello"))); // connects the producer to the broker
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) ->
                    ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            consumer.start();
            await().atMost(DEADLINE).untilAsserted(() -> {
                Scrape scrape = scraper.scrape();
                assertThat(scrape.only("rocketmq_consumer_connections", consumerLabels)).isEqualTo(1);
                // counted per (producer group, channel), as Apache does: each client instance has one channel and
                // its heartbeat lists its inner producer group (CLIENT_INNER_PRODUCER) too, so the producer counts
                // twice (its group and the inner one) and the consumer once
                assertThat(scrape.only("rocketmq_producer_connections", producerLabels)).isEqualTo(3);
            });
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
        await().atMost(DEADLINE).untilAsserted(() -> {
            Scrape scrape = scraper.scrape();
            assertThat(scrape.series("rocketmq_consumer_connections")).isEmpty();
            assertThat(scrape.series("rocketmq_producer_connections")).isEmpty();
        });
    }

    @Test
    void halfMessagesCountTransactionsLeftUnknownUntilTheyAreCommitted() throws Exception {
        start(TransactionIT.FAST_CHECKS);
        String topic = Clients.unique("TxGauge");
        AtomicBoolean commit = new AtomicBoolean();
        TransactionIT.Checks checks = new TransactionIT.Checks(body -> commit.get()
                ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.UNKNOW);
        TransactionMQProducer producer = TransactionIT.producer(cluster.nameServerAddr(), Clients.unique("tx-gauge"),
                body -> LocalTransactionState.UNKNOW, checks);
        try {
            producer.sendMessageInTransaction(new Message(topic, Clients.bytes("pending")), null);
            Map<String, String> labels = Map.of("topic", topic);
            await().atMost(DEADLINE).untilAsserted(() -> {
                assertThat(scraper.scrape().only("rocketmq_half_messages", labels)).isEqualTo(1);
                assertThat(checks.count("pending")).isGreaterThanOrEqualTo(1); // re-appended by a check: still 1
            });
            assertThat(scraper.scrape().only("rocketmq_half_messages", labels)).isEqualTo(1);
            commit.set(true);
            await().atMost(DEADLINE).untilAsserted(() ->
                    assertThat(scraper.scrape().only("rocketmq_half_messages", labels)).isZero());
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void aTimerMessageDueInAnHourIsTimingAndInTheHourBucket() throws Exception {
        start(Map.of());
        String topic = Clients.unique("TimerGauge");
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("timer-producer"));
        try {
            Message message = new Message(topic, Clients.bytes("in an hour"));
            message.setDeliverTimeMs(System.currentTimeMillis() + 3_600_000 - 1_000);
            assertThat(producer.send(message).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            Message delayed = new Message(topic, Clients.bytes("level 18"));
            delayed.setDelayTimeLevel(18); // 2 h: under SCHEDULE_TOPIC_XXXX, as Apache 5.5.0 counts it
            assertThat(producer.send(delayed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        } finally {
            producer.shutdown();
        }
        Map<String, String> store = Map.of("storage_type", "local", "storage_medium", "disk");
        await().atMost(DEADLINE).untilAsserted(() -> {
            Scrape scrape = scraper.scrape();
            assertThat(scrape.only("rocketmq_timing_messages", Map.of("topic", topic))).isEqualTo(1);
            assertThat(scrape.only("rocketmq_timing_messages", Map.of("topic", "SCHEDULE_TOPIC_XXXX")))
                    .isEqualTo(1);
            for (String bound : List.of("5", "60", "300", "900", "3600", "14400", "28800", "86400")) {
                assertThat(scrape.only("rocketmq_timer_message_snapshot", Map.of("timer_bound_s", bound)))
                        .as("bucket " + bound).isEqualTo(bound.equals("3600") ? 1 : 0);
            }
            assertThat(scrape.only("rocketmq_timer_enqueue_lag", store)).isZero();
            assertThat(scrape.only("rocketmq_timer_dequeue_lag", store)).isZero();
            assertThat(scrape.only("rocketmq_timer_dequeue_latency_milliseconds", store)).isZero();
        });
    }

    @Test
    void storeAndStatsGaugesOnAMaster() throws Exception {
        BrokerServer broker = start(Map.of("diskMaxUsedSpaceRatio", "88"));
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("store-producer"));
        try {
            producer.send(new Message(Clients.unique("StoreTopic"), Clients.bytes("stored")));
        } finally {
            producer.shutdown();
        }
        Map<String, String> store = Map.of("storage_type", "local", "storage_medium", "disk");
        Scrape scrape = scraper.scrape();
        assertThat(scrape.only("rocketmq_storage_size_bytes", store)).isPositive();
        assertThat(scrape.only("cometmq_storage_disk_usage_ratio", store)).isBetween(0.0, 1.0)
                .isNotIn(0.0, 1.0);
        assertThat(scrape.only("cometmq_storage_disk_usage_ratio_limit", store)).isEqualTo(0.88);
        assertThat(scrape.only("rocketmq_storage_message_reserve_time_milliseconds", store)).isNotNegative();
        assertThat(scrape.only("rocketmq_storage_dispatch_behind_bytes", store)).isNotNegative();
        assertThat(scrape.only("rocketmq_storage_flush_behind_bytes", store)).isNotNegative();
        assertThat(scrape.only("cometmq_broker_is_master", Map.of("broker_id", "0"))).isEqualTo(1);
        assertThat(scrape.only("rocketmq_broker_permission", Map.of())).isEqualTo(6);
        assertThat(scrape.only("rocketmq_topic_number", Map.of())).isEqualTo(broker.topics().all().size());
        assertThat(scrape.only("rocketmq_consumer_group_number", Map.of()))
                .isEqualTo(broker.gaugeSources().groups().all().size());
        assertThat(scrape.series("rocketmq_processor_watermark")).extracting(s -> s.labels().get("processor"))
                .containsExactlyInAnyOrder("send", "async_put", "pull", "ack", "query_message", "client_manager",
                        "heartbeat", "lite_pull", "transaction", "consumer_manager", "admin", "reply");
        assertThat(scrape.only("cometmq_replication_connected_slaves", Map.of())).isZero();
        assertThat(scrape.series("cometmq_replication_lag_bytes")).isEmpty();
        assertThat(scrape.series("rocketmq_storage_size_bytes").get(0).labels())
                .containsEntry("cluster", "TestCluster").containsEntry("node_id", "broker-gauges")
                .containsEntry("node_type", "broker").containsEntry("otel_scope_name", "broker-meter");
    }

    @Test
    void familiesOfADisabledGroupAreAbsent() throws Exception {
        BrokerServer broker = start(Map.of());
        try (GaugeScraper statsOnly = new GaugeScraper(broker, EnumSet.of(MetricGroup.STATS))) {
            Scrape scrape = statsOnly.scrape();
            assertThat(scrape.types().keySet()).containsExactlyInAnyOrder("rocketmq_processor_watermark",
                    "rocketmq_broker_permission", "rocketmq_topic_number", "rocketmq_consumer_group_number",
                    "cometmq_broker_is_master");
        }
        try (GaugeScraper none = new GaugeScraper(broker, EnumSet.noneOf(MetricGroup.class))) {
            assertThat(none.scrape().types()).isEmpty();
        }
    }

    @Test
    void aMasterReportsItsSlaveAndTheLagClosesAfterCatchUp() throws Exception {
        cluster = new LocalCluster(dir);
        BrokerServer master = cluster.startBroker("broker-ha", Map.of("brokerRole", "SYNC_MASTER"));
        BrokerServer slave = cluster.startBroker("broker-ha", Map.of("brokerRole", "SLAVE", "brokerId", "1"));
        scraper = new GaugeScraper(master, EnumSet.allOf(MetricGroup.class));
        await().atMost(DEADLINE).until(() -> slave.replication().fetcher().isConnected());
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("ha-producer"));
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(producer.send(new Message("HaGauges", Clients.bytes("m-" + i))).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);
            }
        } finally {
            producer.shutdown();
        }
        await().atMost(DEADLINE).untilAsserted(() -> {
            Scrape scrape = scraper.scrape();
            assertThat(scrape.only("cometmq_replication_connected_slaves", Map.of())).isEqualTo(1);
            assertThat(scrape.series("cometmq_replication_lag_bytes")).singleElement()
                    .satisfies(lag -> assertThat(lag.value()).isZero())
                    .satisfies(lag -> assertThat(lag.labels().get("slave_address")).startsWith("127.0.0.1:"));
            assertThat(scrape.series("cometmq_replication_lag_milliseconds")).singleElement()
                    .satisfies(lag -> assertThat(lag.value()).isZero());
            assertThat(scrape.only("cometmq_broker_is_master", Map.of("broker_id", "0"))).isEqualTo(1);
        });
        assertThat(slave.store().commitLogMaxOffset()).isEqualTo(master.store().commitLogMaxOffset());

        try (GaugeScraper slaveScraper = new GaugeScraper(slave, EnumSet.allOf(MetricGroup.class));
                RemotingClient admin = new RemotingClient()) {
            Scrape scrape = slaveScraper.scrape();
            assertThat(scrape.only("cometmq_replication_connected_slaves", Map.of())).isZero();
            assertThat(scrape.series("cometmq_replication_lag_bytes")).isEmpty();
            assertThat(scrape.series("cometmq_replication_lag_milliseconds")).isEmpty();
            assertThat(scrape.only("cometmq_broker_is_master", Map.of("broker_id", "1"))).isZero();

            // the master goes, the slave is promoted: is_master follows the live role and broker id
            master.close();
            await().atMost(DEADLINE).until(() -> !slave.replication().fetcher().isConnected());
            RemotingCommand promoted = admin.invokeSync(slave.brokerAddr(),
                    RemotingCommand.request(RequestCode.PROMOTE_SLAVE_TO_MASTER, Map.of("role", "ASYNC_MASTER")),
                    10_000);
            assertThat(promoted.code()).as(promoted.remark()).isEqualTo(ResponseCode.SUCCESS);
            await().atMost(DEADLINE).untilAsserted(() -> {
                Scrape after = slaveScraper.scrape();
                assertThat(after.only("cometmq_broker_is_master", Map.of())).isEqualTo(1);
                assertThat(after.series("cometmq_broker_is_master")).singleElement()
                        .satisfies(series -> assertThat(series.labels()).containsEntry("broker_id", "0"));
            });
        }
    }

    /**
     * Every gauge family exported here has the type, HELP text and label keys of the same family in the real Apache
     * RocketMQ 5.5.0 scrape; and every gauge family of that scrape is exported here, except POP's (not implemented).
     */
    @Test
    void gaugeFamiliesMatchTheApacheReferenceScrape() throws Exception {
        start(TransactionIT.FAST_CHECKS);
        String topic = Clients.unique("RefTopic");
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("ref-producer"));
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), Clients.unique("ref-group"));
        TransactionMQProducer transactions = TransactionIT.producer(cluster.nameServerAddr(),
                Clients.unique("ref-tx"), body -> LocalTransactionState.UNKNOW,
                new TransactionIT.Checks(body -> LocalTransactionState.UNKNOW));
        try {
            producer.send(new Message(topic, Clients.bytes("plain")));
            Message timer = new Message(topic, Clients.bytes("timer"));
            timer.setDeliverTimeMs(System.currentTimeMillis() + 600_000);
            producer.send(timer);
            transactions.sendMessageInTransaction(new Message(topic, Clients.bytes("half")), null);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) ->
                    ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            consumer.start();

            Scrape reference = Scrape.parse(new String(BrokerGaugesIT.class.getResourceAsStream(
                    "/apache-5.5.0/broker-scrape.txt").readAllBytes(), StandardCharsets.UTF_8));
            await().atMost(DEADLINE).untilAsserted(() -> {
                Scrape scrape = scraper.scrape();
                for (String family : List.of("rocketmq_consumer_lag_messages", "rocketmq_consumer_connections",
                        "rocketmq_producer_connections", "rocketmq_half_messages", "rocketmq_timing_messages")) {
                    assertThat(scrape.series(family)).as(family).isNotEmpty();
                }
                for (Map.Entry<String, String> family : scrape.types().entrySet()) {
                    String name = family.getKey();
                    assertThat(family.getValue()).as(name).isEqualTo("gauge");
                    assertThat(scrape.help(name)).as(name).isEqualTo("default view for gauge.");
                    if (reference.types().containsKey(name)) {
                        assertThat(reference.types().get(name)).as(name).isEqualTo("gauge");
                        assertThat(scrape.labelKeys(name)).as(name).isEqualTo(reference.labelKeys(name));
                    } else {
                        assertThat(name).startsWith("cometmq_");
                    }
                }
                reference.types().forEach((name, type) -> {
                    if (type.equals("gauge") && name.startsWith("rocketmq_") && !name.startsWith("rocketmq_pop_")) {
                        assertThat(scrape.types()).as(name).containsKey(name);
                    }
                });
            });
        } finally {
            consumer.shutdown();
            transactions.shutdown();
            producer.shutdown();
        }
    }
}
