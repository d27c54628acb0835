package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import apache.rocketmq.v2.Address;
import apache.rocketmq.v2.AddressScheme;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.Message;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.SystemProperties;
import com.google.protobuf.ByteString;
import io.cometmq.broker.BrokerServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC endpoint of a broker with authentication and authorization: calls must be signed as the RocketMQ 5 SDKs
 * sign them (MQv2-HMAC-SHA1 over x-mq-date-time), and what they turn into is authorized by the user's ACL.
 */
class GrpcAuthIT {

    private static final String ROOT_PASSWORD = "root-pass-4c1a9e";
    private static final String APP_PASSWORD = "app-pass-77b2f0";

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static BrokerServer broker;
    private static DefaultMQAdminExt root;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir);
        broker = cluster.startBroker("grpc-auth", Map.of(
                "grpcServerPort", "0",
                "grpcClientConsumerMinLongPollingTimeoutMillis", "500",
                "authenticationEnabled", "true",
                "authorizationEnabled", "true",
                "initAuthenticationUser", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}",
                "innerClientAuthenticationCredentials",
                "{\"accessKey\":\"cometmq-inner\",\"secretKey\":\"inner-secret-0a9d3c\"}"));
        root = new DefaultMQAdminExt(new AclClientRPCHook(new SessionCredentials("root", ROOT_PASSWORD)), 5000);
        root.setNamesrvAddr(cluster.nameServerAddr());
        root.setInstanceName(Clients.unique("admin"));
        root.start();
        root.createUser(broker.brokerAddr(), "app", APP_PASSWORD, "Normal");
        root.createAcl(broker.brokerAddr(), "User:app", List.of("Topic:orders"), List.of("Pub", "Sub"), null,
                "Allow");
        root.createAcl(broker.brokerAddr(), "User:app", List.of("Group:billing"), List.of("Sub"), null, "Allow");
        root.createAndUpdateTopicConfig(broker.brokerAddr(), new TopicConfig("orders", 2, 2));
        root.createAndUpdateTopicConfig(broker.brokerAddr(), new TopicConfig("payroll", 2, 2));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", broker.grpcAddress().getPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (root != null) {
            root.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void unsignedAndBadlySignedCallsAreRefused() {
        assertUnauthenticated(stub(null, null), "has no authorization header");
        assertUnauthenticated(stub("app", "wrong-password"), "check signature failed.");
        assertUnauthenticated(stub("ghost", "whatever"), "User:ghost is not found.");
    }

    @Test
    void aSignedUserSendsWhereItsAclAllowsAndNowhereElse() {
        MessagingServiceGrpc.MessagingServiceBlockingStub app = stub("app", APP_PASSWORD);
        await().until(() -> app.queryRoute(route("orders")).getStatus().getCode(), code -> code == Code.OK);
        SendMessageResponse allowed = app.sendMessage(send("orders"));
        assertThat(allowed.getStatus().getCode()).isEqualTo(Code.OK);

        await().until(() -> app.queryRoute(route("payroll")).getStatus().getCode(), code -> code == Code.OK);
        SendMessageResponse denied = app.sendMessage(send("payroll"));
        assertThat(denied.getStatus().getCode()).isEqualTo(Code.FORBIDDEN);
        assertThat(denied.getStatus().getMessage()).contains("User:app has no permission to access Topic:payroll");
    }

    @Test
    void receivingNeedsSubOnTheTopicAndTheGroup() {
        MessagingServiceGrpc.MessagingServiceBlockingStub app = stub("app", APP_PASSWORD);
        await().until(() -> app.queryRoute(route("orders")).getStatus().getCode(), code -> code == Code.OK);
        assertThat(app.sendMessage(send("orders")).getStatus().getCode()).isEqualTo(Code.OK);

        assertThat(firstStatus(app, "other-group")).satisfies(status -> {
            assertThat(status.getCode()).isEqualTo(Code.FORBIDDEN);
            assertThat(status.getMessage()).contains("User:app has no permission to access Group:other-group");
        });
        await().untilAsserted(() -> assertThat(messages(stub("app", APP_PASSWORD), "billing")).isNotEmpty());
    }

    private static apache.rocketmq.v2.Status firstStatus(MessagingServiceGrpc.MessagingServiceBlockingStub stub,
            String group) {
        return stub.receiveMessage(receive(group)).next().getStatus();
    }

    private static List<apache.rocketmq.v2.Message> messages(MessagingServiceGrpc.MessagingServiceBlockingStub stub,
            String group) {
        List<apache.rocketmq.v2.Message> out = new java.util.ArrayList<>();
        stub.receiveMessage(receive(group)).forEachRemaining(frame -> {
            if (frame.hasMessage()) {
                out.add(frame.getMessage());
            }
        });
        return out;
    }

    private static apache.rocketmq.v2.ReceiveMessageRequest receive(String group) {
        return apache.rocketmq.v2.ReceiveMessageRequest.newBuilder().setGroup(Resource.newBuilder().setName(group))
                .setMessageQueue(apache.rocketmq.v2.MessageQueue.newBuilder()
                        .setTopic(Resource.newBuilder().setName("orders"))
                        .setBroker(apache.rocketmq.v2.Broker.newBuilder().setName("grpc-auth")))
                .setBatchSize(8).setInvisibleDuration(com.google.protobuf.Duration.newBuilder().setSeconds(30))
                .setLongPollingTimeout(com.google.protobuf.Duration.newBuilder().setNanos(500_000_000)).build();
    }


    private static void assertUnauthenticated(MessagingServiceGrpc.MessagingServiceBlockingStub stub, String why) {
        assertThatThrownBy(() -> stub.queryRoute(route("orders")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains(why);
                });
    }

    private static QueryRouteRequest route(String topic) {
        return QueryRouteRequest.newBuilder().setTopic(Resource.newBuilder().setName(topic))
                .setEndpoints(Endpoints.newBuilder().setScheme(AddressScheme.IPv4).addAddresses(Address.newBuilder()
                        .setHost("127.0.0.1").setPort(broker.grpcAddress().getPort()))).build();
    }

    private static SendMessageRequest send(String topic) {
        return SendMessageRequest.newBuilder().addMessages(Message.newBuilder()
                .setTopic(Resource.newBuilder().setName(topic))
                .setSystemProperties(SystemProperties.newBuilder().setMessageType(MessageType.NORMAL)
                        .setMessageId("01" + UUID.randomUUID().toString().replace("-", "").toUpperCase()))
                .setBody(ByteString.copyFromUtf8("payload"))).build();
    }

    /** A stub whose calls carry the headers the SDK sends, signed with {@code secret} unless it is null. */
    private static MessagingServiceGrpc.MessagingServiceBlockingStub stub(String user, String secret) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-mq-client-id", Metadata.ASCII_STRING_MARSHALLER), "auth-client-" + user);
        String dateTime = "20261207T174500Z";
        headers.put(Metadata.Key.of("x-mq-date-time", Metadata.ASCII_STRING_MARSHALLER), dateTime);
        if (secret != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "MQv2-HMAC-SHA1 Credential="
                    + user + ", SignedHeaders=x-mq-date-time, Signature=" + hmacSha1(secret, dateTime));
        }
        return MessagingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static String hmacSha1(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
