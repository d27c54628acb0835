package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.AckMessageEntry;
import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.Address;
import apache.rocketmq.v2.AddressScheme;
import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.EndTransactionRequest;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.Publishing;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.Subscription;
import apache.rocketmq.v2.SystemProperties;
import apache.rocketmq.v2.TelemetryCommand;
import apache.rocketmq.v2.TransactionResolution;
import apache.rocketmq.v2.TransactionSource;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.tls.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC endpoint with a raw gRPC client (Apache's generated rocketmq-proto stubs) against a NameServer and two
 * broker groups; what the endpoint stores is read back with the Apache 5.3.3 remoting consumer. Broker A is the one
 * the client talks to; topics on broker B show the forwarding.
 */
class GrpcEndpointIT {

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static BrokerServer brokerA;
    private static BrokerServer brokerB;
    private static DefaultMQAdminExt admin;
    private static TestCertificates.Authority ca;
    private static TestCertificates.SecretVolume volume;
    private static ManagedChannel plain;
    private static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir);
        // short bounds and intervals so redeliveries and empty polls take a second, not the defaults' 10-20 s
        Map<String, String> grpc = Map.of("grpcServerPort", "0", "transactionCheckInterval", "500",
                "transactionTimeOut", "1000", "minInvisibleTimeMillsForRecv", "1000",
                "grpcClientConsumerMinLongPollingTimeoutMillis", "1000", "reviveInterval", "200",
                "defaultInvisibleTimeMills", "2000");
        brokerA = cluster.startBroker("grpc-a", grpc);
        // broker B has a configured certificate (remoting port permissive): its gRPC port presents that one
        ca = TestCertificates.newAuthority(dir, "ca");
        volume = new TestCertificates.SecretVolume(dir.resolve("tls-b"));
        volume.publish(ca.issue(dir, "grpc-b"));
        Map<String, String> withTls = new java.util.HashMap<>(grpc);
        withTls.putAll(Map.of("tls.server.mode", "permissive", "tls.server.certPath", volume.certPath().toString(),
                "tls.server.keyPath", volume.keyPath().toString(), "tlsReloadInterval", "200"));
        brokerB = cluster.startBroker("grpc-b", withTls);
        admin = cluster.admin();
        plain = channel(brokerA, false);
    }

    @AfterAll
    static void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        if (admin != null) {
            admin.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void routeNamesEveryMasterWithTheDialledEndpointsAndTheTopicsType() throws Exception {
        String topic = topicOn(brokerB, Map.of());
        QueryRouteResponse route = await().until(() -> stub(plain, "route-client").queryRoute(routeRequest(topic)),
                r -> r.getStatus().getCode() == Code.OK);
        assertThat(route.getMessageQueuesList()).hasSize(4).allSatisfy(queue -> {
            assertThat(queue.getBroker().getName()).isEqualTo("grpc-b");
            assertThat(queue.getBroker().getId()).isZero();
            assertThat(queue.getBroker().getEndpoints()).isEqualTo(endpoints(brokerA));
            assertThat(queue.getPermission()).isEqualTo(apache.rocketmq.v2.Permission.READ_WRITE);
            assertThat(queue.getAcceptMessageTypesList()).containsExactly(MessageType.NORMAL);
        });

        String fifo = topicOn(brokerA, Map.of("message.type", "FIFO"));
        QueryRouteResponse fifoRoute = await().until(() -> stub(plain, "route-client").queryRoute(
                routeRequest(fifo)), r -> r.getStatus().getCode() == Code.OK);
        assertThat(fifoRoute.getMessageQueues(0).getAcceptMessageTypesList()).containsExactly(MessageType.FIFO);

        QueryRouteResponse missing = stub(plain, "route-client").queryRoute(routeRequest("NoSuchTopic"));
        assertThat(missing.getStatus().getCode()).isEqualTo(Code.TOPIC_NOT_FOUND);
        assertThat(missing.getStatus().getMessage()).contains("No topic route info in name server for the topic");
    }

    @Test
    void telemetryAnswersProducersAndConsumersWithTheSettingsSdksNeed() throws Exception {
        String topic = topicOn(brokerA, Map.of());
        Telemetry producer = Telemetry.open(plain, "settings-producer");
        producer.send(producerSettings(topic));
        Settings producerReply = producer.nextSettings();
        assertThat(producerReply.getPublishing().getMaxBodySize()).isEqualTo(4 * 1024 * 1024);
        assertThat(producerReply.getPublishing().getValidateMessageType()).isTrue();
        assertThat(producerReply.getBackoffPolicy().getMaxAttempts()).isEqualTo(3);
        assertThat(producerReply.getBackoffPolicy().getExponentialBackoff().getInitial().getNanos())
                .isEqualTo(10_000_000);
        producer.close();

        Telemetry consumer = Telemetry.open(plain, "settings-consumer");
        consumer.send(consumerSettings("settings-group", topic));
        Settings consumerReply = consumer.nextSettings();
        assertThat(consumerReply.getSubscription().getReceiveBatchSize()).isEqualTo(32);
        assertThat(consumerReply.getSubscription().getLongPollingTimeout().getSeconds()).isEqualTo(20);
        assertThat(consumerReply.getBackoffPolicy().getMaxAttempts()).isEqualTo(17);
        assertThat(consumerReply.getBackoffPolicy().getCustomizedBackoff().getNextList()).hasSize(18);
        // registered at every master: the brokers' connection lists show the gRPC clients
        for (BrokerServer broker : List.of(brokerA, brokerB)) {
            await().untilAsserted(() -> assertThat(admin.examineConsumerConnectionInfo("settings-group",
                    broker.brokerAddr()).getConnectionSet()).extracting(c -> c.getClientId())
                    .contains("settings-consumer"));
        }
        consumer.close();
        await().untilAsserted(() -> assertThatThrownBy(() -> admin.examineConsumerConnectionInfo("settings-group",
                brokerB.brokerAddr())).hasMessageContaining("not online"));
    }

    @Test
    void sendStoresEachKindWithApachesPropertiesOnTheBrokerThatHoldsTheTopic() throws Exception {
        String topic = topicOn(brokerB, Map.of("message.type", "MIXED"));
        awaitRoute(topic);
        Message normal = message(topic, "normal").toBuilder().setSystemProperties(system("normal")
                .setTag("TagA").addKeys("k1").addKeys("k2")).putUserProperties("color", "blue").build();
        Message fifo = message(topic, "fifo").toBuilder().setSystemProperties(system("fifo")
                .setMessageType(MessageType.FIFO).setMessageGroup("group-1")).build();
        long deliverAt = System.currentTimeMillis() + 1_000;
        Message delay = message(topic, "delay").toBuilder().setSystemProperties(system("delay")
                .setMessageType(MessageType.DELAY).setDeliveryTimestamp(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(deliverAt / 1000).setNanos((int) (deliverAt % 1000) * 1_000_000))).build();
        SendMessageResponse sent = stub(plain, "send-client").sendMessage(SendMessageRequest.newBuilder()
                .addMessages(normal).addMessages(fifo).addMessages(delay).build());
        assertThat(sent.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(sent.getEntriesList()).hasSize(3).allSatisfy(e -> assertThat(e.getStatus().getCode())
                .isEqualTo(Code.OK));

        Map<String, MessageExt> stored = await().until(() -> pullAll(topic), m -> m.size() == 3);
        MessageExt storedNormal = stored.get("normal");
        assertThat(storedNormal.getMsgId()).isEqualTo(normal.getSystemProperties().getMessageId());
        assertThat(storedNormal.getTags()).isEqualTo("TagA");
        assertThat(storedNormal.getKeys()).isEqualTo("k1 k2");
        assertThat(storedNormal.getUserProperty("color")).isEqualTo("blue");
        assertThat(storedNormal.getProperty("PGROUP")).isEqualTo(topic);
        assertThat(storedNormal.getBrokerName()).isEqualTo("grpc-b");
        assertThat(stored.get("fifo").getProperty("__SHARDINGKEY")).isEqualTo("group-1");
        assertThat(stored.get("delay").getStoreTimestamp()).isGreaterThanOrEqualTo(deliverAt - 50);
    }

    @Test
    void aMessageTheTopicsTypeDoesNotTakeIsRefusedAsApachesProxyDoes() throws Exception {
        String topic = topicOn(brokerA, Map.of());
        awaitRoute(topic);
        Message fifo = message(topic, "fifo").toBuilder().setSystemProperties(system("fifo")
                .setMessageType(MessageType.FIFO).setMessageGroup("g")).build();
        SendMessageResponse refused = stub(plain, "type-client").sendMessage(SendMessageRequest.newBuilder()
                .addMessages(fifo).build());
        assertThat(refused.getStatus().getCode()).isEqualTo(Code.MESSAGE_PROPERTY_CONFLICT_WITH_TYPE);
        assertThat(refused.getStatus().getMessage()).isEqualTo(
                "TopicMessageType validate failed, the expected type is NORMAL, but actual type is FIFO");

        SendMessageResponse empty = stub(plain, "type-client").sendMessage(SendMessageRequest.newBuilder()
                .addMessages(message(topic, "").toBuilder().setBody(ByteString.EMPTY)).build());
        assertThat(empty.getStatus().getCode()).isEqualTo(Code.MESSAGE_BODY_EMPTY);
    }

    @Test
    void endTransactionCommitsAndRollsBackOnTheBrokerTheIdNames() throws Exception {
        String topic = topicOn(brokerB, Map.of("message.type", "TRANSACTION"));
        awaitRoute(topic);
        MessagingServiceGrpc.MessagingServiceBlockingStub stub = stub(plain, "tx-client");
        String commitId = sendTransactional(stub, topic, "commit-me");
        String rollbackId = sendTransactional(stub, topic, "roll-me-back");
        assertThat(commitId).endsWith(":grpc-b");

        assertThat(stub.endTransaction(end(topic, rollbackId, TransactionResolution.ROLLBACK,
                TransactionSource.SOURCE_CLIENT)).getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(stub.endTransaction(end(topic, commitId, TransactionResolution.COMMIT,
                TransactionSource.SOURCE_CLIENT)).getStatus().getCode()).isEqualTo(Code.OK);
        String lastId = sendTransactional(stub, topic, "last");
        assertThat(stub.endTransaction(end(topic, lastId, TransactionResolution.COMMIT,
                TransactionSource.SOURCE_CLIENT)).getStatus().getCode()).isEqualTo(Code.OK);

        Map<String, MessageExt> stored = await().until(() -> pullAll(topic), m -> m.containsKey("last"));
        assertThat(stored).containsOnlyKeys("commit-me", "last");

        assertThat(stub.endTransaction(end(topic, "garbage", TransactionResolution.COMMIT,
                TransactionSource.SOURCE_CLIENT)).getStatus().getCode()).isEqualTo(Code.INVALID_TRANSACTION_ID);
    }

    @Test
    void anOrphanedTransactionIsAskedAboutOnTheProducersTelemetryStream() throws Exception {
        // broker A writes the check to the client's virtual channel; broker B to broker A's gateway connection
        for (BrokerServer holder : List.of(brokerA, brokerB)) {
            String topic = topicOn(holder, Map.of("message.type", "TRANSACTION"));
            awaitRoute(topic);
            String clientId = Clients.unique("orphan-producer");
            Telemetry producer = Telemetry.open(plain, clientId);
            producer.send(producerSettings(topic));
            producer.nextSettings();
            MessagingServiceGrpc.MessagingServiceBlockingStub stub = stub(plain, clientId);
            String transactionId = sendTransactional(stub, topic, "orphan");

            TelemetryCommand check = producer.next();
            assertThat(check.hasRecoverOrphanedTransactionCommand()).isTrue();
            assertThat(check.getRecoverOrphanedTransactionCommand().getMessage().getBody().toStringUtf8())
                    .isEqualTo("orphan");
            String checkedId = check.getRecoverOrphanedTransactionCommand().getTransactionId();
            String brokerName = holder == brokerA ? "grpc-a" : "grpc-b";
            // a check re-appends the half message, so the id names the new copy
            assertThat(checkedId).endsWith(":" + brokerName).isNotEqualTo(transactionId);
            assertThat(stub.endTransaction(end(topic, checkedId, TransactionResolution.COMMIT,
                    TransactionSource.SOURCE_SERVER_CHECK)).getStatus().getCode()).isEqualTo(Code.OK);
            assertThat(await().until(() -> pullAll(topic), m -> m.containsKey("orphan"))).containsKey("orphan");
            producer.close();
        }
    }

    @Test
    void tlsAndPlaintextShareThePort() throws Exception {
        String topic = topicOn(brokerA, Map.of());
        awaitRoute(topic);
        ManagedChannel tls = channel(brokerA, true);
        QueryRouteResponse route = stub(tls, "tls-client").queryRoute(routeRequest(topic));
        assertThat(route.getStatus().getCode()).isEqualTo(Code.OK);
        // broker B's port verifies as its configured certificate (CA-signed, for 127.0.0.1)
        ManagedChannel verified = NettyChannelBuilder.forAddress("127.0.0.1", brokerB.grpcAddress().getPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(ca.certPath().toFile()).build()).build();
        channels.add(verified);
        assertThat(stub(verified, "tls-client").queryRoute(routeRequest(topic)).getStatus().getCode())
                .isEqualTo(Code.OK);
        // a rotated certificate (a Kubernetes Secret volume swapped) is presented to new connections
        TestCertificates.Issued rotated = ca.issue(dir, "grpc-b-rotated");
        volume.publish(rotated);
        int port = brokerB.grpcAddress().getPort();
        await().untilAsserted(() -> assertThat(TestCertificates.serverCertificateSerial("127.0.0.1", port))
                .isEqualTo(rotated.serial()));
        assertThat(stub(plain, "plain-client").queryRoute(routeRequest(topic)).getStatus().getCode())
                .isEqualTo(Code.OK);
    }

    @Test
    void badRequestsGetClearStatusesAndUnknownMethodsUnimplementedAtOnce() throws Exception {
        String topic = topicOn(brokerA, Map.of());
        awaitRoute(topic);
        long start = System.nanoTime();
        assertThatThrownBy(() -> stub(plain, "bad-client").recallMessage(
                apache.rocketmq.v2.RecallMessageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);

        SendMessageResponse anonymous = MessagingServiceGrpc.newBlockingStub(plain).withDeadlineAfter(5,
                TimeUnit.SECONDS).sendMessage(SendMessageRequest.newBuilder().addMessages(message(topic, "x"))
                .build());
        assertThat(anonymous.getStatus().getCode()).isEqualTo(Code.CLIENT_ID_REQUIRED);

        AckMessageResponse ack = stub(plain, "bad-client").ackMessage(AckMessageRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName("g")).setTopic(Resource.newBuilder().setName(topic))
                .addEntries(AckMessageEntry.newBuilder().setMessageId("m").setReceiptHandle("garbage")).build());
        assertThat(ack.getEntries(0).getStatus().getCode()).isEqualTo(Code.INVALID_RECEIPT_HANDLE);
        assertThat(ack.getEntries(0).getStatus().getMessage()).contains("8 or 9 fields");

        Iterator<ReceiveMessageResponse> frames = stub(plain, "bad-client").receiveMessage(ReceiveMessageRequest
                .newBuilder().setGroup(Resource.newBuilder().setName("g")).setMessageQueue(MessageQueue.newBuilder()
                        .setTopic(Resource.newBuilder().setName(topic)).setBroker(apache.rocketmq.v2.Broker
                                .newBuilder().setName("grpc-a"))).setBatchSize(1)
                .setInvisibleDuration(Duration.newBuilder().setNanos(500_000_000)).build());
        ReceiveMessageResponse first = frames.next();
        assertThat(first.getStatus().getCode()).isEqualTo(Code.ILLEGAL_INVISIBLE_TIME);
        assertThat(first.getStatus().getMessage()).isEqualTo("the invisibleTime is too small. min is 1000");
        assertThat(frames.next().hasDeliveryTimestamp()).isTrue();
        assertThat(frames.hasNext()).isFalse();

        QueryRouteResponse noEndpoints = stub(plain, "bad-client").queryRoute(QueryRouteRequest.newBuilder()
                .setTopic(Resource.newBuilder().setName(topic)).build());
        assertThat(noEndpoints.getStatus().getCode()).isEqualTo(Code.ILLEGAL_ACCESS_POINT);
    }


    @Test
    void receivedMessagesAreAckedChangedAndComeBackWhenNotAcked() throws Exception {
        String topic = topicOn(brokerB, Map.of());
        awaitRoute(topic);
        String group = Clients.unique("grpc-pop");
        MessagingServiceGrpc.MessagingServiceBlockingStub stub = stub(plain, "pop-client");
        assertThat(stub.sendMessage(SendMessageRequest.newBuilder().addMessages(message(topic, "ack-me"))
                .addMessages(message(topic, "retry-me")).build()).getStatus().getCode()).isEqualTo(Code.OK);

        Map<String, Message> first = new java.util.TreeMap<>();
        await().untilAsserted(() -> {
            receive(stub, group, topic, 2_000).forEach(m -> first.put(m.getBody().toStringUtf8(), m));
            assertThat(first).containsOnlyKeys("ack-me", "retry-me");
        });
        Message acked = first.get("ack-me");
        assertThat(acked.getSystemProperties().getDeliveryAttempt()).isEqualTo(1);
        assertThat(acked.getSystemProperties().getBodyDigest().getChecksum())
                .isEqualTo(java.util.HexFormat.of().withUpperCase().formatHex(java.security.MessageDigest
                        .getInstance("MD5").digest("ack-me".getBytes(StandardCharsets.UTF_8))));
        assertThat(acked.getSystemProperties().getReceiptHandle().split(" ")).hasSize(9).contains("grpc-b");
        assertThat(stub.ackMessage(ack(group, topic, acked)).getStatus().getCode()).isEqualTo(Code.OK);

        Message retried = first.get("retry-me");
        apache.rocketmq.v2.ChangeInvisibleDurationResponse changed = stub.changeInvisibleDuration(
                apache.rocketmq.v2.ChangeInvisibleDurationRequest.newBuilder()
                        .setGroup(Resource.newBuilder().setName(group)).setTopic(Resource.newBuilder().setName(topic))
                        .setReceiptHandle(retried.getSystemProperties().getReceiptHandle())
                        .setMessageId(retried.getSystemProperties().getMessageId())
                        .setInvisibleDuration(Duration.newBuilder().setSeconds(1)).build());
        assertThat(changed.getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(changed.getReceiptHandle()).isNotEqualTo(retried.getSystemProperties().getReceiptHandle());

        List<Message> again = new ArrayList<>();
        await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            again.addAll(receive(stub, group, topic, 10_000));
            assertThat(again).extracting(m -> m.getBody().toStringUtf8()).contains("retry-me");
        });
        assertThat(again).extracting(m -> m.getBody().toStringUtf8()).doesNotContain("ack-me");
        Message redelivered = again.stream().filter(m -> m.getBody().toStringUtf8().equals("retry-me")).findFirst()
                .orElseThrow();
        assertThat(redelivered.getSystemProperties().getDeliveryAttempt()).isEqualTo(2);
        assertThat(redelivered.getSystemProperties().getMessageId())
                .isEqualTo(retried.getSystemProperties().getMessageId());
        assertThat(redelivered.getTopic().getName()).isEqualTo(topic);
        assertThat(stub.ackMessage(ack(group, topic, redelivered)).getStatus().getCode()).isEqualTo(Code.OK);
    }

    @Test
    void aMessageForwardedToTheDeadLetterQueueLandsInTheGroupsDlq() throws Exception {
        String topic = topicOn(brokerA, Map.of());
        awaitRoute(topic);
        String group = Clients.unique("grpc-dlq");
        MessagingServiceGrpc.MessagingServiceBlockingStub stub = stub(plain, "dlq-client");
        stub.sendMessage(SendMessageRequest.newBuilder().addMessages(message(topic, "dead")).build());
        List<Message> received = new ArrayList<>();
        await().untilAsserted(() -> {
            received.addAll(receive(stub, group, topic, 10_000));
            assertThat(received).isNotEmpty();
        });
        Message dead = received.get(0);
        apache.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse forwarded = stub.forwardMessageToDeadLetterQueue(
                apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest.newBuilder()
                        .setGroup(Resource.newBuilder().setName(group)).setTopic(Resource.newBuilder().setName(topic))
                        .setReceiptHandle(dead.getSystemProperties().getReceiptHandle())
                        .setMessageId(dead.getSystemProperties().getMessageId()).setDeliveryAttempt(1)
                        .setMaxDeliveryAttempts(1).build());
        assertThat(forwarded.getStatus().getCode()).isEqualTo(Code.OK);
        Map<String, MessageExt> dlq = await().until(() -> pullAll("%DLQ%" + group), m -> m.containsKey("dead"));
        assertThat(dlq.get("dead").getProperty("UNIQ_KEY")).isEqualTo(dead.getSystemProperties().getMessageId());

        List<ReceiveMessageResponse> empty = new ArrayList<>();
        stub.receiveMessage(receiveRequest(group, topic, "grpc-a", 10_000, 1_000)).forEachRemaining(empty::add);
        assertThat(empty.get(0).getStatus().getCode()).isEqualTo(Code.MESSAGE_NOT_FOUND);
        assertThat(empty.get(empty.size() - 1).hasDeliveryTimestamp()).isTrue();
    }


    @Test
    void offsetsAreQueriedUpdatedAndPulledPerQueue() throws Exception {
        String topic = topicOn(brokerB, Map.of());
        awaitRoute(topic);
        String group = Clients.unique("grpc-offsets");
        MessagingServiceGrpc.MessagingServiceBlockingStub stub = stub(plain, "offset-client");
        SendMessageRequest.Builder batch = SendMessageRequest.newBuilder();
        for (int i = 0; i < 4; i++) {
            batch.addMessages(message(topic, "m" + i));
        }
        assertThat(stub.sendMessage(batch.build()).getStatus().getCode()).isEqualTo(Code.OK);

        // a send is answered once stored; its consume-queue entry follows (dispatch), so poll until all four count
        MessageQueue[] filledQueue = new MessageQueue[1];
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            long total = 0;
            for (int id = 0; id < 4; id++) {
                MessageQueue queue = MessageQueue.newBuilder().setTopic(Resource.newBuilder().setName(topic)).setId(id)
                        .setBroker(apache.rocketmq.v2.Broker.newBuilder().setName("grpc-b")).build();
                apache.rocketmq.v2.QueryOffsetResponse begin = stub.queryOffset(apache.rocketmq.v2.QueryOffsetRequest
                        .newBuilder().setMessageQueue(queue).setQueryOffsetPolicy(
                                apache.rocketmq.v2.QueryOffsetPolicy.BEGINNING).build());
                assertThat(begin.getStatus().getCode()).isEqualTo(Code.OK);
                assertThat(begin.getOffset()).isZero();
                long end = stub.queryOffset(apache.rocketmq.v2.QueryOffsetRequest.newBuilder().setMessageQueue(queue)
                        .setQueryOffsetPolicy(apache.rocketmq.v2.QueryOffsetPolicy.END).build()).getOffset();
                total += end;
                if (end > 0) {
                    filledQueue[0] = queue;
                }
            }
            assertThat(total).isEqualTo(4);
        });
        MessageQueue filled = filledQueue[0];

        List<apache.rocketmq.v2.PullMessageResponse> frames = new ArrayList<>();
        stub.pullMessage(apache.rocketmq.v2.PullMessageRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName(group)).setMessageQueue(filled).setOffset(0).setBatchSize(32)
                .build()).forEachRemaining(frames::add);
        assertThat(frames.get(0).getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(frames).filteredOn(apache.rocketmq.v2.PullMessageResponse::hasMessage).isNotEmpty()
                .allSatisfy(f -> assertThat(f.getMessage().getBody().toStringUtf8()).startsWith("m"));
        assertThat(frames.get(frames.size() - 1).getNextOffset()).isPositive();

        apache.rocketmq.v2.GetOffsetRequest get = apache.rocketmq.v2.GetOffsetRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName(group)).setMessageQueue(filled).build();
        assertThat(stub.getOffset(get).getStatus().getCode()).isEqualTo(Code.OFFSET_NOT_FOUND);
        assertThat(stub.updateOffset(apache.rocketmq.v2.UpdateOffsetRequest.newBuilder()
                .setGroup(Resource.newBuilder().setName(group)).setMessageQueue(filled).setOffset(1).build())
                .getStatus().getCode()).isEqualTo(Code.OK);
        assertThat(stub.getOffset(get).getOffset()).isEqualTo(1);
    }


    @Test
    void pushConsumersMessagesStayInvisibleWhileRenewedAndTheirAckUsesTheLatestHandle() throws Exception {
        String topic = topicOn(brokerB, Map.of());
        awaitRoute(topic);
        String group = Clients.unique("grpc-renew");
        MessagingServiceGrpc.MessagingServiceBlockingStub pusher = stub(plain, "renew-client");
        pusher.sendMessage(SendMessageRequest.newBuilder().addMessages(message(topic, "renewed")).build());
        List<Message> received = new ArrayList<>();
        await().untilAsserted(() -> {
            pusher.receiveMessage(receiveRequest(group, topic, "grpc-b", 10_000, 2_000).toBuilder()
                    .clearInvisibleDuration().setAutoRenew(true).build()).forEachRemaining(frame -> {
                        if (frame.hasMessage()) {
                            received.add(frame.getMessage());
                        }
                    });
            assertThat(received).isNotEmpty();
        });
        // invisible for 2 s (defaultInvisibleTimeMills) but renewed: nobody else gets it meanwhile
        await().during(java.time.Duration.ofSeconds(5)).atMost(java.time.Duration.ofSeconds(20))
                .until(() -> receive(stub(plain, "renew-other"), group, topic, 10_000).isEmpty());
        // the SDK acks with the handle it got; the broker acks the renewed one, so the message never comes back
        assertThat(stub(plain, "renew-client").ackMessage(ack(group, topic, received.get(0))).getEntries(0).getStatus().getCode())
                .isEqualTo(Code.OK);
        await().during(java.time.Duration.ofSeconds(4)).atMost(java.time.Duration.ofSeconds(20))
                .until(() -> receive(stub(plain, "renew-other"), group, topic, 10_000).isEmpty());
    }

    // --- helpers

    private static ReceiveMessageRequest receiveRequest(String group, String topic, String broker, long invisibleMillis,
            long pollMillis) {
        return ReceiveMessageRequest.newBuilder().setGroup(Resource.newBuilder().setName(group))
                .setMessageQueue(MessageQueue.newBuilder().setTopic(Resource.newBuilder().setName(topic))
                        .setId(0).setBroker(apache.rocketmq.v2.Broker.newBuilder().setName(broker)))
                .setBatchSize(32).setInvisibleDuration(Duration.newBuilder().setSeconds(invisibleMillis / 1000)
                        .setNanos((int) (invisibleMillis % 1000) * 1_000_000))
                .setLongPollingTimeout(Duration.newBuilder().setSeconds(pollMillis / 1000)
                        .setNanos((int) (pollMillis % 1000) * 1_000_000)).build();
    }

    /** One ReceiveMessage on the broker holding the topic; the messages of the stream. */
    private static List<Message> receive(MessagingServiceGrpc.MessagingServiceBlockingStub stub, String group,
            String topic, long invisibleMillis) {
        String broker = stub(plain, "route-waiter").queryRoute(routeRequest(topic)).getMessageQueues(0).getBroker()
                .getName();
        List<Message> messages = new ArrayList<>();
        stub.receiveMessage(receiveRequest(group, topic, broker, invisibleMillis, 2_000)).forEachRemaining(frame -> {
            if (frame.hasMessage()) {
                messages.add(frame.getMessage());
            }
        });
        return messages;
    }

    private static AckMessageRequest ack(String group, String topic, Message message) {
        return AckMessageRequest.newBuilder().setGroup(Resource.newBuilder().setName(group))
                .setTopic(Resource.newBuilder().setName(topic)).addEntries(AckMessageEntry.newBuilder()
                        .setMessageId(message.getSystemProperties().getMessageId())
                        .setReceiptHandle(message.getSystemProperties().getReceiptHandle())).build();
    }

    private static String topicOn(BrokerServer broker, Map<String, String> attributes) throws Exception {
        String topic = Clients.unique("Grpc");
        admin.createAndUpdateTopicConfig(broker.brokerAddr(), new org.apache.rocketmq.common.TopicConfig(topic, 4,
                4));
        if (!attributes.isEmpty()) {
            // message.type over UPDATE_AND_CREATE_TOPIC arrives with the types15 branch; set it in-process here
            TopicConfig created = broker.topics().get(topic);
            broker.topics().update(new TopicConfig(topic, created.readQueueNums(), created.writeQueueNums(),
                    created.perm(), created.topicFilterType(), created.topicSysFlag(), created.order(),
                    attributes));
        }
        return topic;
    }

    private static void awaitRoute(String topic) {
        await().until(() -> stub(plain, "route-waiter").queryRoute(routeRequest(topic)).getStatus().getCode(),
                code -> code == Code.OK);
    }

    private static Endpoints endpoints(BrokerServer broker) {
        return Endpoints.newBuilder().setScheme(AddressScheme.IPv4).addAddresses(Address.newBuilder()
                .setHost("127.0.0.1").setPort(broker.grpcAddress().getPort())).build();
    }

    private static QueryRouteRequest routeRequest(String topic) {
        return QueryRouteRequest.newBuilder().setTopic(Resource.newBuilder().setName(topic))
                .setEndpoints(endpoints(brokerA)).build();
    }

    private static ManagedChannel channel(BrokerServer broker, boolean tls) throws Exception {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", broker.grpcAddress().getPort());
        if (tls) {
            builder.sslContext(GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build());
        } else {
            builder.usePlaintext();
        }
        ManagedChannel channel = builder.build();
        channels.add(channel);
        return channel;
    }

    private static Metadata headers(String clientId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER), clientId);
        return headers;
    }

    private static MessagingServiceGrpc.MessagingServiceBlockingStub stub(ManagedChannel channel, String clientId) {
        return MessagingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(clientId)))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static SystemProperties.Builder system(String body) {
        return SystemProperties.newBuilder().setMessageId("01" + UUID.randomUUID().toString().replace("-", "")
                .toUpperCase()).setMessageType(MessageType.NORMAL);
    }

    private static Message message(String topic, String body) {
        return Message.newBuilder().setTopic(Resource.newBuilder().setName(topic))
                .setSystemProperties(system(body)).setBody(ByteString.copyFromUtf8(body)).build();
    }

    private static String sendTransactional(MessagingServiceGrpc.MessagingServiceBlockingStub stub, String topic,
            String body) {
        Message message = message(topic, body).toBuilder().setSystemProperties(system(body)
                .setMessageType(MessageType.TRANSACTION)).build();
        SendMessageResponse sent = stub.sendMessage(SendMessageRequest.newBuilder().addMessages(message).build());
        assertThat(sent.getStatus().getCode()).isEqualTo(Code.OK);
        return sent.getEntries(0).getTransactionId();
    }

    private static EndTransactionRequest end(String topic, String transactionId, TransactionResolution resolution,
            TransactionSource source) {
        return EndTransactionRequest.newBuilder().setTopic(Resource.newBuilder().setName(topic))
                .setMessageId("m").setTransactionId(transactionId).setResolution(resolution).setSource(source)
                .build();
    }

    private static Settings producerSettings(String topic) {
        return Settings.newBuilder().setClientType(ClientType.PRODUCER).setPublishing(Publishing.newBuilder()
                .addTopics(Resource.newBuilder().setName(topic))).build();
    }

    private static Settings consumerSettings(String group, String topic) {
        return Settings.newBuilder().setClientType(ClientType.SIMPLE_CONSUMER).setSubscription(Subscription
                .newBuilder().setGroup(Resource.newBuilder().setName(group)).addSubscriptions(
                        apache.rocketmq.v2.SubscriptionEntry.newBuilder().setTopic(Resource.newBuilder()
                                .setName(topic)))).build();
    }

    /** Every message of the topic on every queue, by body, read with the Apache remoting pull consumer. */
    private static Map<String, MessageExt> pullAll(String topic) throws Exception {
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer(Clients.unique("grpc-check"));
        consumer.setNamesrvAddr(cluster.nameServerAddr());
        consumer.setInstanceName(Clients.unique("grpc-check"));
        consumer.start();
        try {
            Map<String, MessageExt> byBody = new java.util.TreeMap<>();
            for (org.apache.rocketmq.common.message.MessageQueue queue : consumer.fetchSubscribeMessageQueues(topic)) {
                PullResult result = consumer.pull(queue, "*", 0, 32);
                if (result.getPullStatus() == PullStatus.FOUND) {
                    result.getMsgFoundList().forEach(m -> byBody.put(new String(m.getBody(),
                            StandardCharsets.UTF_8), m));
                }
            }
            return byBody;
        } finally {
            consumer.shutdown();
        }
    }

    /** A telemetry stream of one client, with what the endpoint wrote to it. */
    private static final class Telemetry {
        private final BlockingQueue<TelemetryCommand> received = new LinkedBlockingQueue<>();
        private StreamObserver<TelemetryCommand> requests;

        static Telemetry open(ManagedChannel channel, String clientId) {
            Telemetry telemetry = new Telemetry();
            telemetry.requests = MessagingServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(clientId)))
                    .telemetry(new StreamObserver<>() {
                        @Override
                        public void onNext(TelemetryCommand value) {
                            telemetry.received.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            return telemetry;
        }

        void send(Settings settings) {
            requests.onNext(TelemetryCommand.newBuilder().setSettings(settings).build());
        }

        TelemetryCommand next() throws InterruptedException {
            TelemetryCommand command = received.poll(15, TimeUnit.SECONDS);
            assertThat(command).as("a telemetry command within 15 s").isNotNull();
            return command;
        }

        Settings nextSettings() throws InterruptedException {
            TelemetryCommand command = next();
            assertThat(command.hasSettings()).isTrue();
            return command.getSettings();
        }

        void close() {
            requests.onCompleted();
        }
    }
}
