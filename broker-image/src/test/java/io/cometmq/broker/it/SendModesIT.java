package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.broker.BrokerServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync, async, oneway and batch sends of the Apache producer: results, ids, and what consumers then see. */
class SendModesIT {

    private static final int PER_MODE = 20;
    private static final int FLAG = 7;

    @TempDir
    Path dir;

    @Test
    void everySendModeStoresMessagesWithDecodableIds() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            BrokerServer broker = cluster.startBroker("broker-a");
            String topic = Clients.unique("SendModes");
            DefaultMQProducer producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("send-modes"));
            // body -> what the SendResult that acknowledged it said
            Map<String, Ack> acks = new HashMap<>();
            List<String> onewayBodies = new ArrayList<>();
            try {
                for (int i = 0; i < PER_MODE; i++) {
                    String body = "sync-" + i;
                    Message message = message(topic, body);
                    if (i == 0) {
                        // a client-set broker property is replaced, not kept next to the broker's
                        MessageAccessor.putProperty(message, MessageConst.PROPERTY_CLUSTER, "set-by-client");
                    }
                    SendResult result = producer.send(message);
                    assertSent(result, broker);
                    acks.put(body, Ack.of(result));
                }

                // over 4 KiB the client compresses the body (ZLIB, sysFlag 0x301); consumers must get it back as sent
                for (String body : List.of("compressible-" + "abcdefgh".repeat(4096), "random-" + randomText(20_000))) {
                    SendResult result = producer.send(message(topic, body));
                    assertSent(result, broker);
                    acks.put(body, Ack.of(result));
                }

                List<CompletableFuture<SendResult>> asyncResults = new ArrayList<>();
                for (int i = 0; i < PER_MODE; i++) {
                    CompletableFuture<SendResult> future = new CompletableFuture<>();
                    producer.send(message(topic, "async-" + i), new SendCallback() {
                        @Override
                        public void onSuccess(SendResult sendResult) {
                            future.complete(sendResult);
                        }

                        @Override
                        public void onException(Throwable e) {
                            future.completeExceptionally(e);
                        }
                    });
                    asyncResults.add(future);
                }
                for (int i = 0; i < PER_MODE; i++) {
                    SendResult result = asyncResults.get(i).get(10, TimeUnit.SECONDS);
                    assertSent(result, broker);
                    acks.put("async-" + i, Ack.of(result));
                }

                for (int i = 0; i < PER_MODE; i++) {
                    producer.sendOneway(message(topic, "oneway-" + i));
                    onewayBodies.add("oneway-" + i);
                }

                List<Message> batch = new ArrayList<>();
                for (int i = 0; i < PER_MODE; i++) {
                    Message message = message(topic, "batch-" + i);
                    message.setKeys("batch-key-" + i);
                    batch.add(message);
                }
                SendResult batchResult = producer.send(batch);
                assertThat(batchResult.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                List<String> innerKeys = Arrays.asList(batchResult.getMsgId().split(","));
                List<String> innerOffsetIds = Arrays.asList(batchResult.getOffsetMsgId().split(","));
                assertThat(innerKeys).hasSize(PER_MODE).doesNotHaveDuplicates();
                assertThat(innerOffsetIds).hasSize(PER_MODE).doesNotHaveDuplicates();
                for (int i = 0; i < PER_MODE; i++) {
                    assertDecodable(innerOffsetIds.get(i), broker);
                    // a batch goes to one queue; the result names its first offset, the others follow on
                    acks.put("batch-" + i, new Ack(innerKeys.get(i), innerOffsetIds.get(i),
                            batchResult.getMessageQueue().getQueueId(), batchResult.getQueueOffset() + i));
                }
            } finally {
                producer.shutdown();
            }

            int expected = acks.size() + onewayBodies.size();
            Clients.Received received = Clients.readAll(cluster.nameServerAddr(), topic, Duration.ofSeconds(40),
                    r -> r.bodies().size() >= expected);
            assertThat(received.bodies()).containsAll(acks.keySet()).containsAll(onewayBodies).hasSize(expected);
            for (MessageExt message : received.messages) {
                String body = text(message.getBody());
                String name = body.substring(0, Math.min(body.length(), 20));
                Ack ack = acks.get(body);
                if (ack != null) {
                    // each message, batch members included, keeps the ids and the place its SendResult reported
                    assertThat(message.getMsgId()).as("msgId of %s", name).isEqualTo(ack.msgId());
                    assertThat(Clients.offsetMsgId(message)).as("offsetMsgId of %s", name)
                            .isEqualTo(ack.offsetMsgId());
                    assertThat(message.getQueueId()).as("queue of %s", name).isEqualTo(ack.queueId());
                    assertThat(message.getQueueOffset()).as("queue offset of %s", name).isEqualTo(ack.queueOffset());
                }
                assertThat(message.getMsgId()).as("UNIQ_KEY of %s", name).isNotBlank();
                assertThat(message.getUserProperty("origin")).as("user property of %s", name).isEqualTo(name);
                assertThat(message.getFlag()).isEqualTo(FLAG);
                assertThat(message.getTags()).isEqualTo("TagA");
                assertThat(message.getReconsumeTimes()).isZero();
                // the broker adds its cluster, region and trace switch to every message (as Apache's broker does)
                assertThat(message.getProperty(MessageConst.PROPERTY_CLUSTER)).as("CLUSTER of %s", name)
                        .isEqualTo("TestCluster");
                assertThat(message.getProperty(MessageConst.PROPERTY_MSG_REGION)).as("MSG_REGION of %s", name)
                        .isNotBlank();
                assertThat(message.getProperty(MessageConst.PROPERTY_TRACE_SWITCH)).as("TRACE_ON of %s", name)
                        .isIn("true", "false");
                assertThat(((InetSocketAddress) message.getStoreHost()).getPort())
                        .isEqualTo(broker.boundAddress().getPort());
                assertThat(message.getStoreTimestamp()).isGreaterThanOrEqualTo(message.getBornTimestamp());
                if (body.startsWith("batch-")) {
                    assertThat(message.getKeys()).isEqualTo("batch-key-" + body.substring("batch-".length()));
                }
            }
        }
    }

    private static String randomText(int length) {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    private static Message message(String topic, String body) {
        Message message = new Message(topic, "TagA", bytes(body));
        message.setFlag(FLAG);
        message.putUserProperty("origin", body.substring(0, Math.min(body.length(), 20)));
        return message;
    }

    /** What a SendResult said about one message. */
    private record Ack(String msgId, String offsetMsgId, int queueId, long queueOffset) {
        static Ack of(SendResult result) {
            return new Ack(result.getMsgId(), result.getOffsetMsgId(), result.getMessageQueue().getQueueId(),
                    result.getQueueOffset());
        }
    }

    private static void assertSent(SendResult result, BrokerServer broker) throws Exception {
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(result.getMsgId()).isNotBlank();
        assertThat(result.getMessageQueue()).isNotNull();
        assertThat(result.getQueueOffset()).isGreaterThanOrEqualTo(0);
        assertDecodable(result.getOffsetMsgId(), broker);
    }

    private static void assertDecodable(String offsetMsgId, BrokerServer broker) throws Exception {
        assertThat(offsetMsgId).hasSize(32);
        MessageId id = MessageDecoder.decodeMessageId(offsetMsgId);
        InetSocketAddress address = (InetSocketAddress) id.getAddress();
        assertThat(address.getPort()).isEqualTo(broker.boundAddress().getPort());
        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(id.getOffset()).isGreaterThanOrEqualTo(0);
    }
}
