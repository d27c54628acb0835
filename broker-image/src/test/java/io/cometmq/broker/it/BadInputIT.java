package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RemotingClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests the broker must refuse with the right code while it keeps serving everyone else. */
class BadInputIT {

    private static final int MAX_MESSAGE_SIZE = 64 * 1024;

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private BrokerServer broker;
    private String topic;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster(dir);
        broker = cluster.startBroker("broker-a", Map.of("maxMessageSize", Integer.toString(MAX_MESSAGE_SIZE),
                "autoCreateTopicEnable", "false"));
        topic = Clients.unique("BadInput");
        DefaultMQAdminExt admin = cluster.admin();
        try {
            admin.createAndUpdateTopicConfig(broker.brokerAddr(), new TopicConfig(topic, 4, 4));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> !admin.examineTopicRouteInfo(topic).getQueueDatas().isEmpty());
        } finally {
            admin.shutdown();
        }
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void messageOverMaxMessageSizeIsIllegalAndTheBrokerKeepsServing() throws Exception {
        DefaultMQProducer producer = Clients.unstartedProducer(cluster.nameServerAddr(),
                Clients.unique("oversize-producer"));
        producer.setMaxMessageSize(4 * 1024 * 1024); // so the client does not refuse it first
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.start();
        Set<String> sent = new HashSet<>();
        byte[] largest = new byte[MAX_MESSAGE_SIZE];
        new Random(8).nextBytes(largest);
        try {
            for (int i = 0; i < 10; i++) {
                sent.add(send(producer, "before-" + i));
            }
            byte[] huge = new byte[MAX_MESSAGE_SIZE + 1024];
            new Random(7).nextBytes(huge);
            Throwable failure = catchThrowable(() -> producer.send(new Message(topic, huge)));
            assertThat(failure).isInstanceOf(MQBrokerException.class);
            assertThat(((MQBrokerException) failure).getResponseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(failure.getMessage()).contains("maxMessageSize");

            // just under the limit is still fine
            assertThat(producer.send(new Message(topic, largest)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            for (int i = 0; i < 10; i++) {
                sent.add(send(producer, "after-" + i));
            }
        } finally {
            producer.shutdown();
        }
        Clients.Received received = Clients.readAll(cluster.nameServerAddr(), topic, Duration.ofSeconds(40),
                r -> r.bodies().containsAll(sent));
        assertThat(received.messages).hasSize(sent.size() + 1);
        // pulled from the mapped commit log without a copy (transferMsgByHeap false): the bytes arrive intact
        assertThat(received.messages).anySatisfy(message -> assertThat(message.getBody()).isEqualTo(largest));
    }

    @Test
    void unknownTopicWithoutAutoCreationIsRefused() throws Exception {
        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("unknown-producer"));
        try {
            send(producer, "known"); // teaches the client the broker's address
            String unknown = Clients.unique("NoSuchTopic");

            // the usual path: no route for the topic, and no TBW102 route either, so the client gives up itself
            Throwable viaRoute = catchThrowable(() -> producer.send(new Message(unknown, bytes("x"))));
            assertThat(viaRoute).isInstanceOf(MQClientException.class).hasMessageContaining("No route info")
                    .hasMessageContaining(unknown);

            // sent straight to the broker's queue: the broker itself answers TOPIC_NOT_EXIST
            MessageQueue queue = new MessageQueue(unknown, "broker-a", 0);
            Throwable viaBroker = catchThrowable(() -> producer.send(new Message(unknown, bytes("x")), queue));
            assertThat(viaBroker).isInstanceOf(MQBrokerException.class);
            assertThat(((MQBrokerException) viaBroker).getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertThat(broker.topics().get(unknown)).isNull();

            assertThat(producer.send(new Message(topic, bytes("still-serving"))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void sendWithoutTopicFieldIsASystemErrorNamingTheField() throws Exception {
        long before = broker.store().commitLogMaxOffset();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("a", "raw-producer");
        // "b" (topic) is missing
        header.put("c", "TBW102");
        header.put("d", "4");
        header.put("e", "0");
        header.put("f", "0");
        header.put("g", Long.toString(System.currentTimeMillis()));
        header.put("h", "0");
        header.put("i", "WAIT\u0001true\u0002");
        try (RemotingClient client = new RemotingClient()) {
            RemotingCommand response = client.invokeSync(broker.brokerAddr(),
                    RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header).body(bytes("orphan")), 5000);
            assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(response.remark()).contains("'b'");

            // the same connection still works for a well-formed send
            header.put("b", topic);
            RemotingCommand ok = client.invokeSync(broker.brokerAddr(),
                    RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header).body(bytes("well-formed")), 5000);
            assertThat(ok.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(ok.field("msgId")).hasSize(32);
        }
        // exactly one record (the well-formed one) was appended
        long after = broker.store().commitLogMaxOffset();
        var stored = broker.store().lookMessageByOffset(before);
        assertThat(stored).isPresent();
        assertThat(stored.get().topic()).isEqualTo(topic);
        assertThat(after - before).isEqualTo(stored.get().totalSize());

        DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("after-bad-header"));
        try {
            send(producer, "after-bad-header");
        } finally {
            producer.shutdown();
        }
    }

    private String send(DefaultMQProducer producer, String body) throws Exception {
        assertThat(producer.send(new Message(topic, "TagA", bytes(body))).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);
        return body;
    }
}
