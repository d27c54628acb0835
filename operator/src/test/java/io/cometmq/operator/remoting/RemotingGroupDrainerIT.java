package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.namesrv.RegisteringBroker;
import io.cometmq.operator.reconcile.DrainStatusUnknownException;
import io.cometmq.operator.reconcile.DrainTarget;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.QueueData;
import io.cometmq.protocol.body.TopicRouteData;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drainer against two real NameServers (write permission) and a fake broker with canned admin answers
 * (backlog), all over TCP through the protocol module.
 */
class RemotingGroupDrainerIT {
    private static InProcessNameServer ns1;
    private static InProcessNameServer ns2;
    private static RemotingAdmin admin;
    private static RemotingGroupDrainer drainer;

    @BeforeAll
    static void start() throws Exception {
        ns1 = new InProcessNameServer();
        ns2 = new InProcessNameServer();
        admin = new RemotingAdmin(Duration.ofSeconds(2));
        drainer = new RemotingGroupDrainer(admin);
    }

    @AfterAll
    static void stop() {
        admin.close();
        ns1.close();
        ns2.close();
    }

    private static DrainTarget target(String brokerName, String brokerAddress, String nameServers) {
        return new DrainTarget("ns", "c", 1, brokerName, List.of(brokerAddress), nameServers);
    }

    private static int perm(String nameServer, String topic, String brokerName) throws Exception {
        RemotingCommand route = admin.call(nameServer, RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", topic));
        assertThat(route.code()).isEqualTo(ResponseCode.SUCCESS);
        return Json.decode(route.body(), TopicRouteData.class).queueDatas().stream()
                .filter(q -> q.brokerName().equals(brokerName)).mapToInt(QueueData::perm).findFirst().orElseThrow();
    }

    @Test
    void readOnlyClearsTheWritePermissionOnEveryNameServerAndIsIdempotent() throws Exception {
        try (RegisteringBroker broker = new RegisteringBroker("c", "ro-broker-1", 0, "127.0.0.1:32911", "TopicRo")) {
            broker.register(ns1.address);
            broker.register(ns2.address);
            assertThat(perm(ns1.address, "TopicRo", "ro-broker-1") & 2).isEqualTo(2);

            DrainTarget target = target("ro-broker-1", "127.0.0.1:32911", ns1.address + ";" + ns2.address);
            drainer.makeReadOnly(target);
            drainer.makeReadOnly(target);

            assertThat(perm(ns1.address, "TopicRo", "ro-broker-1")).isEqualTo(4);
            assertThat(perm(ns2.address, "TopicRo", "ro-broker-1")).isEqualTo(4);
        }
    }

    @Test
    void anUnreachableNameServerFailsTheStepAndNamesIt() throws Exception {
        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "127.0.0.1:" + socket.getLocalPort();
        }
        String down = closed;
        assertThatThrownBy(() -> drainer.makeReadOnly(target("x-broker-1", "127.0.0.1:1", ns1.address + ";" + down)))
                .isInstanceOf(IOException.class).hasMessageContaining(down);
    }

    @Test
    void aNameServerWithoutWipeSupportMakesTheStateUnknown() throws Exception {
        try (FakeBroker bare = new FakeBroker()) {
            assertThatThrownBy(() -> drainer.makeReadOnly(target("x-broker-1", "127.0.0.1:1", bare.address)))
                    .isInstanceOf(DrainStatusUnknownException.class).hasMessageContaining("WIPE_WRITE_PERM_OF_BROKER");
        }
    }

    @Test
    void backlogSumsEveryGroupsLagOnTheMasterIgnoringSystemTopics() throws Exception {
        try (FakeBroker broker = new FakeBroker()) {
            broker.answer(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, null, ResponseCode.SUCCESS,
                    "{\"subscriptionGroupTable\":{\"orders\":{\"groupName\":\"orders\"},\"audit\":{\"groupName\":\"audit\"},"
                            + "\"gone\":{\"groupName\":\"gone\"},\"CID_RMQ_SYS_TRANS\":{}},\"dataVersion\":{\"counter\":3}}");
            // fastjson object keys, as a Java broker writes them
            broker.answer(RequestCode.GET_CONSUME_STATS, "consumerGroup", "orders", ResponseCode.SUCCESS,
                    "{\"consumeTps\":1.5,\"offsetTable\":{"
                            + "{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"orders\"}:{\"brokerOffset\":10,\"consumerOffset\":5,"
                            + "\"lastTimestamp\":1700000000000,\"pullOffset\":6},"
                            + "{\"brokerName\":\"b\",\"queueId\":1,\"topic\":\"orders\"}:{\"brokerOffset\":3,\"consumerOffset\":3},"
                            + "{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"%RETRY%orders\"}:{\"brokerOffset\":2,\"consumerOffset\":1}}}");
            // the standard-JSON form: keys are strings holding the MessageQueue JSON
            broker.answer(RequestCode.GET_CONSUME_STATS, "consumerGroup", "audit", ResponseCode.SUCCESS,
                    "{\"offsetTable\":{\"{\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":2,\\\"topic\\\":\\\"audit\\\"}\":"
                            + "{\"brokerOffset\":7,\"consumerOffset\":5}}}");
            broker.answer(RequestCode.GET_CONSUME_STATS, "consumerGroup", "gone", ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    null);
            broker.answer(RequestCode.GET_CONSUME_STATS, "consumerGroup", "CID_RMQ_SYS_TRANS", ResponseCode.SUCCESS,
                    "{\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"RMQ_SYS_TRANS_HALF_TOPIC\"}:"
                            + "{\"brokerOffset\":100,\"consumerOffset\":0}}}");

            assertThat(drainer.backlog(target("b", broker.address, ns1.address))).isEqualTo(5 + 1 + 2);

            broker.answer(RequestCode.GET_CONSUME_STATS, "consumerGroup", "orders", ResponseCode.SUCCESS,
                    "{\"consumeTps\":0.0,\"offsetTable\":{}}");
            broker.answer(RequestCode.GET_CONSUME_STATS, "consumerGroup", "audit", ResponseCode.SUCCESS, "{}");
            assertThat(drainer.backlog(target("b", broker.address, ns1.address))).isZero();
        }
    }

    @Test
    void aBrokerWithoutConsumeStatsGivesUnknownNeverZero() throws Exception {
        try (FakeBroker broker = new FakeBroker()) {
            assertThatThrownBy(() -> drainer.backlog(target("b", broker.address, ns1.address)))
                    .isInstanceOf(DrainStatusUnknownException.class).hasMessageContaining("GET_ALL_SUBSCRIPTIONGROUP_CONFIG");

            broker.answer(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, null, ResponseCode.SUCCESS,
                    "{\"subscriptionGroupTable\":{\"orders\":{}}}");
            assertThatThrownBy(() -> drainer.backlog(target("b", broker.address, ns1.address)))
                    .isInstanceOf(DrainStatusUnknownException.class).hasMessageContaining("GET_CONSUME_STATS");
        }
    }

    @Test
    void anUnreadableConsumeStatsBodyFailsInsteadOfCountingZero() throws Exception {
        try (FakeBroker broker = new FakeBroker()) {
            broker.answer(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null, null, ResponseCode.SUCCESS,
                    "{\"subscriptionGroupTable\":{\"orders\":{}}}");
            broker.answer(RequestCode.GET_CONSUME_STATS, "consumerGroup", "orders", ResponseCode.SUCCESS,
                    "{\"offsetTable\":{{\"topic\":\"t\"}:{\"consumerOffset\":1}}}");
            assertThatThrownBy(() -> drainer.backlog(target("b", broker.address, ns1.address)))
                    .isInstanceOf(IOException.class).hasMessageContaining("brokerOffset");
        }
    }
}
