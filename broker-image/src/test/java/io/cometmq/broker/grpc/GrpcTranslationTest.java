package io.cometmq.broker.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Endpoints;
import apache.rocketmq.v2.MessageQueue;
import apache.rocketmq.v2.MessageType;
import apache.rocketmq.v2.Permission;
import apache.rocketmq.v2.Publishing;
import apache.rocketmq.v2.Resource;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.Subscription;
import io.cometmq.broker.auth.User;
import io.cometmq.broker.auth.UserStore;
import io.cometmq.broker.grpc.client.SettingsReply;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.broker.grpc.transaction.TransactionId;
import io.cometmq.broker.meta.GroupRetryPolicy;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.protocol.body.BrokerData;
import io.cometmq.protocol.body.QueueData;
import io.cometmq.protocol.body.TopicMessageType;
import io.cometmq.protocol.body.TopicRouteData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the gRPC translation: route numbering, Settings replies, transaction ids, signatures. */
class GrpcTranslationTest {

    private static final GrpcConfig CONFIG = new GrpcConfig(0, 1 << 20, 4 << 20, 10_000, 43_200_000, 60_000, true,
            10_800_000, 5_000, 20_000, 32, 3, 10, 1_000, 2, true);

    @TempDir
    Path dir;

    @Test
    void routeQueuesAreNumberedAsApachesProxyAndGroupsWithoutMasterAreLeftOut() {
        TopicRouteData route = new TopicRouteData(
                List.of(new QueueData("a", 4, 2, 6, 0), new QueueData("b", 1, 1, 2, 0), new QueueData("c", 2, 2, 6, 0)),
                List.of(new BrokerData("cl", "a", Map.of(0L, "1.1.1.1:1"), false, null),
                        new BrokerData("cl", "b", Map.of(0L, "2.2.2.2:1"), false, null),
                        new BrokerData("cl", "c", Map.of(1L, "3.3.3.3:1"), false, null)),
                null, null);
        List<MessageQueue> queues = RouteActivity.queues(Resource.newBuilder().setName("t").build(), route,
                Endpoints.getDefaultInstance());
        assertThat(queues).extracting(q -> q.getBroker().getName() + q.getId() + ":" + q.getPermission())
                .containsExactly("a0:READ_WRITE", "a1:READ_WRITE", "a2:READ", "a3:READ", "b0:WRITE");
        assertThat(RouteActivity.acceptedTypes(TopicMessageType.MIXED)).containsExactly(MessageType.NORMAL,
                MessageType.FIFO, MessageType.DELAY, MessageType.TRANSACTION);
        assertThat(RouteActivity.acceptedTypes(TopicMessageType.UNSPECIFIED)).containsExactly(MessageType.NORMAL);
        assertThat(queues.get(4).getPermission()).isEqualTo(Permission.WRITE);
    }

    @Test
    void settingsRepliesCarryWhatEachKindOfClientNeeds() {
        Settings producer = SettingsReply.of(Settings.newBuilder().setClientType(ClientType.PRODUCER)
                .setPublishing(Publishing.newBuilder().addTopics(Resource.newBuilder().setName("t"))).build(),
                CONFIG, null);
        assertThat(producer.getPublishing().getTopics(0).getName()).isEqualTo("t");
        assertThat(producer.getPublishing().getMaxBodySize()).isEqualTo(4 << 20);
        assertThat(producer.getBackoffPolicy().getExponentialBackoff().getMax().getSeconds()).isEqualTo(1);
        assertThat(producer.getMetric().getOn()).isFalse();

        SubscriptionGroupConfig fifoGroup = new SubscriptionGroupConfig("g", true, true, true, true, 1, 3,
                new GroupRetryPolicy(GroupRetryPolicy.Type.EXPONENTIAL, new GroupRetryPolicy.Exponential(2_000L,
                        60_000L, 3L), null), 0, 1, true, null, null, null, null);
        Settings consumer = SettingsReply.of(Settings.newBuilder().setClientType(ClientType.PUSH_CONSUMER)
                .setSubscription(Subscription.newBuilder().setGroup(Resource.newBuilder().setName("g"))).build(),
                CONFIG, fifoGroup);
        assertThat(consumer.getSubscription().getFifo()).isTrue();
        assertThat(consumer.getBackoffPolicy().getMaxAttempts()).isEqualTo(4);
        assertThat(consumer.getBackoffPolicy().getExponentialBackoff().getInitial().getSeconds()).isEqualTo(2);
        assertThat(consumer.getBackoffPolicy().getExponentialBackoff().getMultiplier()).isEqualTo(3f);
    }

    @Test
    void transactionIdsNameTheBrokerAndOffsetsAndRefuseAnythingElse() {
        TransactionId id = new TransactionId("broker-a:1", 12, 3456);
        assertThat(TransactionId.decode(id.encode())).isEqualTo(id);
        assertThatThrownBy(() -> TransactionId.decode("12:x:b")).isInstanceOfSatisfying(GrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.INVALID_TRANSACTION_ID);
            assertThat(e.getMessage()).contains("non-numeric");
        });
        assertThatThrownBy(() -> TransactionId.decode("")).isInstanceOf(GrpcException.class);
    }

    @Test
    void signaturesAreCheckedAgainstTheUsersPassword() {
        UserStore users = new UserStore(dir);
        users.put(new User("app", "secret", User.Type.NORMAL, User.Status.ENABLE));
        users.put(new User("off", "secret", User.Type.NORMAL, User.Status.DISABLE));
        GrpcAuthenticator authenticator = new GrpcAuthenticator(users);
        String dateTime = "20261207T120000Z";
        String header = "MQv2-HMAC-SHA1 Credential=app, SignedHeaders=x-mq-date-time, Signature="
                + GrpcAuthenticator.sign("secret", dateTime).toUpperCase();
        assertThat(authenticator.authenticate(header, dateTime).accessKey()).isEqualTo("app");
        assertThatThrownBy(() -> authenticator.authenticate(header, "20261207T120001Z"))
                .hasMessage("check signature failed.");
        assertThatThrownBy(() -> authenticator.authenticate(header.replace("app", "off"), dateTime))
                .hasMessage("User:off is disabled.");
        assertThatThrownBy(() -> authenticator.authenticate("Basic abc", dateTime))
                .hasMessageContaining("MQv2-HMAC-SHA1");
    }
}
