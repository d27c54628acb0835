package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.metrics.MetricsCatalogue;
import io.cometmq.protocol.metrics.Promtool;
import io.cometmq.protocol.metrics.Scrape;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker with {@code metricsExporterType=PROM}, scraped over HTTP after Apache 5.3.3 clients sent and consumed,
 * compared with the scrape of a real Apache RocketMQ 5.5.0 broker (apache-5.5.0/broker-scrape.txt).
 */
class BrokerMetricsIT {

    private static final Map<String, String> PROM = Map.of("metricsExporterType", "PROM",
            "metricsPromExporterHost", "127.0.0.1", "metricsPromExporterPort", "0");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private Scrape scrape(BrokerServer broker) throws Exception {
        int port = broker.metricsAddress().orElseThrow().getPort();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private static Scrape apacheReference() throws Exception {
        try (InputStream in = BrokerMetricsIT.class.getResourceAsStream("/apache-5.5.0/broker-scrape.txt")) {
            return Scrape.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void sendsAndConsumesAreCountedAsApacheCountsThem() throws Exception {
        int sent = 20;
        String topic = Clients.unique("MetricsTopic");
        String group = Clients.unique("metrics-consumer");
        try (LocalCluster cluster = new LocalCluster(dir)) {
            BrokerServer broker = cluster.startBroker("broker-m", PROM);
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("metrics-producer"));
            Set<String> bodies = new HashSet<>();
            try {
                for (int i = 0; i < sent; i++) {
                    SendResult result = producer.send(new Message(topic, "TagA", Clients.bytes("metrics-" + i)));
                    assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                    bodies.add("metrics-" + i);
                }
                Clients.awaitBodies(cluster.nameServerAddr(), group, topic, bodies, Duration.ofSeconds(60));
            } finally {
                producer.shutdown();
            }

            Map<String, String> common = Map.of("cluster", "TestCluster", "node_id", "broker-m",
                    "node_type", "broker", "otel_scope_name", "broker-meter");
            Map<String, String> in = with(common, Map.of("topic", topic, "message_type", "normal",
                    "is_system", "false"));
            Map<String, String> out = with(common, Map.of("topic", topic, "consumer_group", group,
                    "is_system", "false"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(scrape(broker).value("rocketmq_messages_out_total", out)).contains((double) sent));
            Scrape scrape = scrape(broker);
            // the gauge families are bound to the same endpoint (BrokerGaugesIT tests their values)
            assertThat(scrape.value("cometmq_broker_is_master", with(common, Map.of("broker_id", "0"))))
                    .contains(1.0);
            assertThat(scrape.value("rocketmq_topic_number", common).orElseThrow()).isPositive();
            assertThat(scrape.value("rocketmq_storage_size_bytes", with(common, Map.of("storage_type", "local",
                    "storage_medium", "disk"))).orElseThrow()).isPositive();

            assertThat(scrape.value("rocketmq_messages_in_total", in)).contains((double) sent);
            double bytesIn = scrape.value("rocketmq_throughput_in_total", in).orElseThrow();
            assertThat(bytesIn).isGreaterThan(sent * (double) "metrics-0".length());
            assertThat(scrape.value("rocketmq_message_size_sum", in)).contains(bytesIn);
            assertThat(scrape.value("rocketmq_message_size_count", in)).contains((double) sent);
            assertThat(scrape.value("rocketmq_message_size_bucket", with(in, Map.of("le", "1024.0"))))
                    .contains((double) sent);
            // a pull hands out the stored records as they are: the same bytes as stored
            assertThat(scrape.value("rocketmq_throughput_out_total", out)).contains(bytesIn);

            Map<String, String> sendOk = with(common, Map.of("protocol_type", "remoting",
                    "request_code", "send_message_v2", "response_code", "success", "is_long_polling", "false",
                    "result", "success"));
            assertThat(scrape.value("rocketmq_rpc_latency_milliseconds_count", sendOk).orElseThrow())
                    .isGreaterThanOrEqualTo(sent);
            assertThat(scrape.find("rocketmq_rpc_latency_milliseconds_count", Map.of("request_code", "pull_message",
                    "response_code", "success"))).isNotEmpty();
            assertThat(scrape.find("rocketmq_rpc_latency_milliseconds_count", Map.of("request_code", "heart_beat")))
                    .isNotEmpty();
            // every series carries the common labels
            assertThat(scrape.samples()).allSatisfy(sample ->
                    assertThat(sample.labels().entrySet()).containsAll(common.entrySet()));

            assertSameShapeAsApache(scrape);
            MetricsCatalogue catalogue = MetricsCatalogue.load();
            Set<String> uncatalogued = scrape.samples().stream().map(Scrape.Sample::name)
                    .filter(name -> !catalogue.covers(name)).collect(Collectors.toCollection(TreeSet::new));
            assertThat(uncatalogued).as("series not in docs/METRICS.md").isEmpty();
            assertPromtoolFindsNothingApacheDoesNot(scrape);
        }
    }

    @Test
    void transactionsDelaysTimersAndDeadLettersAreCountedAsApacheCountsThem() throws Exception {
        String topic = Clients.unique("MetricsMixed");
        String txTopic = Clients.unique("MetricsTx");
        String dlqTopic = Clients.unique("MetricsDlq");
        String dlqGroup = Clients.unique("metrics-dlq");
        try (LocalCluster cluster = new LocalCluster(dir)) {
            BrokerServer broker = cluster.startBroker("broker-x", PROM);
            TransactionMQProducer tx = new TransactionMQProducer(Clients.unique("metrics-tx"));
            tx.setNamesrvAddr(cluster.nameServerAddr());
            tx.setInstanceName(Clients.unique("tx"));
            tx.setTransactionListener(new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                    return (LocalTransactionState) arg;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(MessageExt message) {
                    return LocalTransactionState.UNKNOW;
                }
            });
            tx.start();
            DefaultMQPushConsumer dead = Clients.pushConsumer(cluster.nameServerAddr(), dlqGroup);
            try {
                tx.sendMessageInTransaction(new Message(txTopic, Clients.bytes("c")),
                        LocalTransactionState.COMMIT_MESSAGE);
                tx.sendMessageInTransaction(new Message(txTopic, Clients.bytes("r")),
                        LocalTransactionState.ROLLBACK_MESSAGE);
                Message delayed = new Message(topic, Clients.bytes("delayed"));
                delayed.setDelayTimeLevel(1);
                assertThat(tx.send(delayed).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                Message timer = new Message(topic, Clients.bytes("timer"));
                timer.setDeliverTimeMs(System.currentTimeMillis() + 3_600_000L);
                assertThat(tx.send(timer).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(tx.send(new Message(dlqTopic, Clients.bytes("dead"))).getSendStatus())
                        .isEqualTo(SendStatus.SEND_OK);

                dead.subscribe(dlqTopic, "*");
                dead.setMaxReconsumeTimes(0);
                dead.registerMessageListener((MessageListenerConcurrently) (batch, context) ->
                        ConsumeConcurrentlyStatus.RECONSUME_LATER);
                dead.start();

                Map<String, String> dlq = Map.of("consumer_group", dlqGroup, "topic", dlqTopic, "is_system", "false");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    Scrape scrape = scrape(broker);
                    assertThat(scrape.value("rocketmq_send_to_dlq_messages_total", dlq)).contains(1.0);
                    // the delay-level message: stored in SCHEDULE_TOPIC_XXXX, then re-put into its topic after 1 s
                    assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", "SCHEDULE_TOPIC_XXXX",
                            "message_type", "delay", "is_system", "true"))).contains(1.0);
                    assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", topic,
                            "message_type", "delay", "is_system", "false"))).contains(1.0);
                    assertThat(scrape.value("rocketmq_timer_enqueue_total", Map.of("topic", topic,
                            "storage_type", "local", "storage_medium", "disk"))).contains(1.0);
                });
                Scrape scrape = scrape(broker);
                assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", "rmq_sys_wheel_timer",
                        "message_type", "delay", "is_system", "true"))).contains(1.0);
                assertThat(scrape.value("rocketmq_delay_message_latency_seconds_bucket", Map.of("topic", topic,
                        "le", "3600.0"))).contains(1.0);
                assertThat(scrape.value("rocketmq_delay_message_latency_seconds_bucket", Map.of("topic", topic,
                        "le", "600.0"))).contains(0.0);
                assertThat(scrape.value("rocketmq_messages_in_total", Map.of("topic", "RMQ_SYS_TRANS_HALF_TOPIC",
                        "message_type", "transaction", "is_system", "true"))).contains(2.0);
                assertThat(scrape.value("rocketmq_commit_messages_total", Map.of("topic", txTopic))).contains(1.0);
                assertThat(scrape.value("rocketmq_rollback_messages_total", Map.of("topic", txTopic))).contains(1.0);
                assertThat(scrape.value("rocketmq_finish_message_latency_milliseconds_bucket", Map.of("topic", txTopic,
                        "le", "5.0"))).contains(1.0);
                assertThat(scrape.value("rocketmq_rpc_latency_milliseconds_count", Map.of("request_code",
                        "end_transaction", "result", "oneway"))).contains(2.0);
                assertThat(scrape.value("rocketmq_rpc_latency_milliseconds_count", Map.of("request_code",
                        "consumer_send_msg_back", "response_code", "success", "result", "success"))).contains(1.0);
                assertSameShapeAsApache(scrape);
            } finally {
                dead.shutdown();
                tx.shutdown();
            }
        }
    }

    /** For every family both export: the same TYPE, HELP and label keys as Apache 5.5.0's. */
    private static void assertSameShapeAsApache(Scrape ours) throws Exception {
        Scrape apache = apacheReference();
        Set<String> shared = new TreeSet<>(ours.types().keySet());
        shared.retainAll(apache.types().keySet());
        assertThat(shared).contains("rocketmq_messages_in_total", "rocketmq_throughput_in_total",
                "rocketmq_message_size", "rocketmq_rpc_latency_milliseconds");
        Map<String, Set<Set<String>>> ourKeys = ours.labelKeysByFamily();
        Map<String, Set<Set<String>>> apacheKeys = apache.labelKeysByFamily();
        Map<String, String> differences = new TreeMap<>();
        for (String family : shared) {
            if (!ours.types().get(family).equals(apache.types().get(family))) {
                differences.put(family, "TYPE " + ours.types().get(family));
            }
            if (!ours.helps().get(family).equals(apache.helps().get(family))) {
                differences.put(family, "HELP " + ours.helps().get(family));
            }
            if (!apacheKeys.get(family).containsAll(ourKeys.get(family))) {
                differences.put(family, "labels " + ourKeys.get(family) + ", Apache " + apacheKeys.get(family));
            }
        }
        assertThat(differences).isEmpty();
    }

    /** promtool finds no errors, and only the kinds of lint it also finds in Apache 5.5.0's scrape. */
    private static void assertPromtoolFindsNothingApacheDoesNot(Scrape scrape) throws Exception {
        Promtool.Result ours = Promtool.checkMetrics(scrape.text());
        assertThat(ours.exitCode()).as(ours.output()).isNotEqualTo(1);
        Set<String> apacheKinds = kinds(Promtool.checkMetrics(apacheReference().text()).output());
        List<String> unexpected = ours.output().lines().filter(line -> !Promtool.MICROMETER_JVM_WARNINGS.contains(line))
                .filter(line -> !apacheKinds.contains(line.substring(line.indexOf(' ') + 1))).toList();
        assertThat(unexpected).as(ours.output()).isEmpty();
    }

    private static Set<String> kinds(String promtoolOutput) {
        return promtoolOutput.lines().map(line -> line.substring(line.indexOf(' ') + 1)).collect(Collectors.toSet());
    }

    @Test
    void withMetricsOffNoEndpointIsOpenedAndSendsWork() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            BrokerServer broker = cluster.startBroker("broker-off");
            assertThat(broker.metricsAddress()).isEmpty();
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("off-producer"));
            try {
                assertThat(producer.send(new Message(Clients.unique("OffTopic"), Clients.bytes("x")))
                        .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            } finally {
                producer.shutdown();
            }
        }
    }

    @Test
    void topicsPastTheCardinalityLimitShareOneOverflowSeries() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            BrokerServer broker = cluster.startBroker("broker-c", with(PROM, Map.of("metricsOtelCardinalityLimit",
                    "10")));
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("card-producer"));
            String prefix = Clients.unique("CardTopic");
            try {
                for (int i = 0; i < 20; i++) {
                    assertThat(producer.send(new Message(prefix + "-" + i, Clients.bytes("x"))).getSendStatus())
                            .isEqualTo(SendStatus.SEND_OK);
                }
            } finally {
                producer.shutdown();
            }
            Scrape scrape = scrape(broker);
            List<Scrape.Sample> series = scrape.find("rocketmq_messages_in_total", Map.of());
            List<Scrape.Sample> overflow = scrape.find("rocketmq_messages_in_total", Map.of("topic", ""));
            assertThat(series.size() - overflow.size()).isLessThanOrEqualTo(10);
            assertThat(overflow).hasSize(1);
            assertThat(series.stream().mapToDouble(Scrape.Sample::value).sum()).isEqualTo(20.0);
            assertThat(scrape.value("cometmq_metrics_overflow_total", Map.of("family", "rocketmq_messages_in")))
                    .hasValueSatisfying(refused -> assertThat(refused).isGreaterThanOrEqualTo(10.0));
        }
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(base);
        all.putAll(more);
        return all;
    }
}
