package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.broker.BrokerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.rocketmq.client.consumer.AckResult;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.message.MessageRequestMode;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.AckMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.NotificationRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP consumption with the Apache 5.3.3 client against one broker: pop, ack, redelivery through the retry topic after
 * the invisible time, change of invisible time, batch ack, new groups, concurrent pops, long polling, bad input. One
 * cluster for the class; the revive service runs every 200 ms and invisible times are 2–3 s to keep it short.
 */
class PopConsumeIT {

    private static final long INVISIBLE = 2_000;

    @TempDir
    static Path dir;
    private static LocalCluster cluster;
    private static BrokerServer broker;
    private static DefaultMQProducer producer;
    private static PopClient pop;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir);
        broker = cluster.startBroker("broker-pop", Map.of("reviveInterval", "200"));
        producer = Clients.producer(cluster.nameServerAddr(), Clients.unique("pop-producer"));
        pop = new PopClient(producer, "broker-pop", broker.brokerAddr());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void ackedMessagesAreNotRedeliveredAndUnackedOnesComeBackOnceWithTheSameId() throws Exception {
        String topic = Clients.unique("PopT");
        String group = Clients.unique("pop-g");
        List<String> ids = send(topic, 4);
        List<MessageExt> popped = popAll(topic, group, 4, INVISIBLE);
        assertThat(popped).extracting(MessageExt::getMsgId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(popped).allMatch(m -> m.getProperty(MessageConst.PROPERTY_POP_CK) != null)
                .allMatch(m -> m.getReconsumeTimes() == 0).allMatch(m -> m.getTopic().equals(topic));
        MessageExt unacked = popped.get(0);
        for (MessageExt message : popped.subList(1, popped.size())) {
            assertThat(pop.ack(topic, group, message).getStatus()).isEqualTo(AckStatus.OK);
        }

        long popTime = Long.parseLong(unacked.getProperty(MessageConst.PROPERTY_FIRST_POP_TIME));
        List<MessageExt> again = awaitPop(topic, group, Duration.ofSeconds(15));
        assertThat(System.currentTimeMillis() - popTime).isGreaterThanOrEqualTo(INVISIBLE);
        assertThat(again).singleElement().satisfies(m -> {
            assertThat(m.getMsgId()).isEqualTo(unacked.getMsgId());
            assertThat(m.getReconsumeTimes()).isEqualTo(1);
            assertThat(m.getTopic()).isEqualTo(topic);
            assertThat(text(m.getBody())).isEqualTo(text(unacked.getBody()));
        });
        // the redelivered copy comes from the retry topic: acking it (the client names the retry topic) ends it
        assertThat(pop.ack(topic, group, again.get(0)).getStatus()).isEqualTo(AckStatus.OK);
        assertThat(pop.pop(topic, group, -1, 32, INVISIBLE, 0).getPopStatus()).isNotEqualTo(PopStatus.FOUND);
        assertNothingWithin(topic, group, INVISIBLE + 1_500);
    }

    @Test
    void changedInvisibleTimeMovesTheRedeliveryAndTheNewHandleAcks() throws Exception {
        String topic = Clients.unique("PopChange");
        String group = Clients.unique("pop-change");
        send(topic, 2);
        List<MessageExt> popped = popAll(topic, group, 2, 60_000);
        MessageExt soon = popped.get(0);
        MessageExt acked = popped.get(1);
        AckResult changed = pop.changeInvisibleTime(topic, group, soon, 1_000);
        assertThat(changed.getStatus()).isEqualTo(AckStatus.OK);
        AckResult changedToo = pop.changeInvisibleTime(topic, group, acked, 1_000);
        assertThat(changedToo.getStatus()).isEqualTo(AckStatus.OK);
        MessageAccessor.putProperty(acked, MessageConst.PROPERTY_POP_CK, changedToo.getExtraInfo());
        assertThat(pop.ack(topic, group, acked).getStatus()).isEqualTo(AckStatus.OK);

        List<MessageExt> again = awaitPop(topic, group, Duration.ofSeconds(10)); // 60 s without the change
        assertThat(again).extracting(MessageExt::getMsgId).containsExactly(soon.getMsgId());
        pop.ack(topic, group, again.get(0));
    }

    @Test
    void batchAckAcksEveryMessage() throws Exception {
        String topic = Clients.unique("PopBatch");
        String group = Clients.unique("pop-batch");
        send(topic, 6);
        List<MessageExt> popped = popAll(topic, group, 6, INVISIBLE);
        assertThat(pop.batchAck(topic, group, popped).getStatus()).isEqualTo(AckStatus.OK);
        assertNothingWithin(topic, group, INVISIBLE + 1_500);
    }

    @Test
    void concurrentPopsNeverHandOutTheSameMessage() throws Exception {
        String topic = Clients.unique("PopRace");
        String group = Clients.unique("pop-race");
        List<String> ids = send(topic, 40);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<String> seen = new ArrayList<>();
            while (seen.size() < ids.size()) {
                List<Future<PopResult>> rounds = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Callable<PopResult> call = () -> pop.pop(topic, group, -1, 3, 60_000, 0);
                    rounds.add(threads.submit(call));
                }
                int found = 0;
                for (Future<PopResult> round : rounds) {
                    PopResult result = round.get();
                    if (result.getPopStatus() == PopStatus.FOUND) {
                        result.getMsgFoundList().forEach(m -> seen.add(m.getMsgId()));
                        found++;
                    }
                }
                assertThat(found > 0 || seen.size() == ids.size()).as("no progress after %s", seen.size()).isTrue();
            }
            assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void longPollingAnswersWhenAMessageArrivesAndTimesOutOtherwise() throws Exception {
        String topic = Clients.unique("PopPoll");
        String group = Clients.unique("pop-poll");
        send(topic, 1);
        popAll(topic, group, 1, 60_000);

        long started = System.currentTimeMillis();
        PopResult timedOut = pop.pop(topic, group, -1, 1, 60_000, 1_500);
        assertThat(timedOut.getPopStatus()).isEqualTo(PopStatus.POLLING_NOT_FOUND);
        assertThat(System.currentTimeMillis() - started).isBetween(1_400L, 6_000L);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            long polled = System.currentTimeMillis();
            Future<PopResult> held = thread.submit(() -> pop.pop(topic, group, -1, 1, 60_000, 15_000));
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.popLongPolling().parkedCount() == 1);
            String id = send(topic, 1).get(0);
            PopResult result = held.get();
            assertThat(result.getPopStatus()).isEqualTo(PopStatus.FOUND);
            assertThat(result.getMsgFoundList()).extracting(MessageExt::getMsgId).containsExactly(id);
            assertThat(System.currentTimeMillis() - polled).isLessThan(8_000);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void fifoPopsBlockTheQueueUntilTheBatchIsAckedAndRedeliverItInOrder() throws Exception {
        String topic = Clients.unique("PopFifo");
        String group = Clients.unique("pop-fifo");
        producer.send(new Message(topic, "create", bytes("create"))); // creates the topic
        MessageQueue queue = producer.fetchPublishMessageQueues(topic).get(0);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(producer.send(new Message(topic, "fifo", bytes("f" + i)), queue).getMsgId());
        }
        int q = queue.getQueueId();
        List<MessageExt> first = pop.popOrderly(topic, group, q, 2, 60_000, "fifo", "a1").getMsgFoundList();
        assertThat(first).extracting(MessageExt::getMsgId).containsExactly(ids.get(0), ids.get(1));
        assertThat(pop.popOrderly(topic, group, q, 2, 60_000, "fifo", "a2").getPopStatus())
                .as("blocked while the first batch is unacked").isNotEqualTo(PopStatus.FOUND);
        // the same attempt id is the client retrying a pop whose answer it lost: it gets the batch (new handles)
        List<MessageExt> retried = pop.popOrderly(topic, group, q, 2, 60_000, "fifo", "a1").getMsgFoundList();
        assertThat(retried).extracting(MessageExt::getMsgId).containsExactly(ids.get(0), ids.get(1));
        assertThat(retried).allMatch(m -> m.getReconsumeTimes() == 0);
        for (MessageExt message : retried) {
            assertThat(pop.ack(topic, group, message).getStatus()).isEqualTo(AckStatus.OK);
        }

        List<MessageExt> second = pop.popOrderly(topic, group, q, 2, 1_000, "fifo", "a3").getMsgFoundList();
        assertThat(second).extracting(MessageExt::getMsgId).containsExactly(ids.get(2), ids.get(3));
        assertThat(second).allMatch(m -> m.getReconsumeTimes() == 0);
        List<MessageExt> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            PopResult result = pop.popOrderly(topic, group, q, 2, 60_000, "fifo", "a4");
            if (result.getPopStatus() == PopStatus.FOUND) {
                again.addAll(result.getMsgFoundList());
            }
            return !again.isEmpty();
        });
        assertThat(again).extracting(MessageExt::getMsgId).containsExactly(ids.get(2), ids.get(3));
        assertThat(again).allMatch(m -> m.getReconsumeTimes() == 1);
        for (MessageExt message : again) {
            assertThat(pop.ack(topic, group, message).getStatus()).isEqualTo(AckStatus.OK);
        }
        assertThat(pop.popOrderly(topic, group, q, 2, 60_000, "fifo", "a5").getPopStatus())
                .isNotEqualTo(PopStatus.FOUND);
    }

    @Test
    void notificationSaysWhetherTheGroupHasSomethingToPop() throws Exception {
        String topic = Clients.unique("PopNotify");
        String group = Clients.unique("pop-notify");
        send(topic, 1);
        assertThat(pop.invoke(RequestCode.NOTIFICATION, notification(topic, group, 0)).getExtFields())
                .containsEntry("hasMsg", "true");
        popAll(topic, group, 1, 60_000);
        long started = System.currentTimeMillis();
        RemotingCommand nothing = pop.invoke(RequestCode.NOTIFICATION, notification(topic, group, 1_000));
        assertThat(nothing.getCode()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(nothing.getExtFields()).containsEntry("hasMsg", "false");
        assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(900);
    }

    private static NotificationRequestHeader notification(String topic, String group, long pollMillis) {
        NotificationRequestHeader header = new NotificationRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(-1);
        header.setPollTime(pollMillis);
        header.setBornTime(System.currentTimeMillis());
        return header;
    }

    @Test
    void apachePushConsumerInPopModeConsumesAndAcksEveryMessage() throws Exception {
        String topic = Clients.unique("PopPush");
        String group = Clients.unique("pop-push");
        List<String> ids = send(topic, 6);
        DefaultMQAdminExt admin = cluster.admin();
        try {
            admin.setMessageRequestMode(broker.brokerAddr(), topic, group, MessageRequestMode.POP, -1, 5_000);
        } finally {
            admin.shutdown();
        }
        Clients.Received received = new Clients.Received();
        DefaultMQPushConsumer consumer = Clients.pushConsumer(cluster.nameServerAddr(), group);
        consumer.setClientRebalance(false); // the broker assigns queues, in POP mode (QUERY_ASSIGNMENT)
        consumer.setPopInvisibleTime(5_000); // the client's minimum
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(received.listener());
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.messages.size() >= ids.size());
        } finally {
            consumer.shutdown();
        }
        assertThat(received.messages).extracting(MessageExt::getMsgId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(received.messages).allMatch(m -> m.getProperty(MessageConst.PROPERTY_POP_CK) != null);
        assertNothingWithin(topic, group, 5_000 + 1_500); // the consumer acked them: nothing comes back
    }

    @Test
    void tagFilterAppliesToPops() throws Exception {
        String topic = Clients.unique("PopTags");
        String group = Clients.unique("pop-tags");
        SendResult wanted = producer.send(new Message(topic, "A", bytes("a")));
        producer.send(new Message(topic, "B", bytes("b")));
        List<MessageExt> popped = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PopResult result = pop.pop(topic, group, -1, 32, 60_000, 0, "A");
            if (result.getPopStatus() == PopStatus.FOUND) {
                popped.addAll(result.getMsgFoundList());
            }
        }
        assertThat(popped).extracting(MessageExt::getMsgId).containsExactly(wanted.getMsgId());
    }

    @Test
    void badRequestsAreRefusedSayingWhy() throws Exception {
        String topic = Clients.unique("PopBad");
        String group = Clients.unique("pop-bad");
        send(topic, 1);
        PopMessageRequestHeader tooMany = popHeader(topic, group, 33);
        RemotingCommand answer = pop.invoke(RequestCode.POP_MESSAGE, tooMany);
        assertThat(answer.getCode()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(answer.getRemark()).contains("maxMsgNums");

        RemotingCommand unknown = pop.invoke(RequestCode.POP_MESSAGE, popHeader("NoSuchTopic-pop", group, 1));
        assertThat(unknown.getCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

        AckMessageRequestHeader ack = new AckMessageRequestHeader();
        ack.setConsumerGroup(group);
        ack.setTopic(topic);
        ack.setQueueId(0);
        ack.setOffset(0L);
        ack.setExtraInfo("0 1700000000000 x 0 0 broker-pop 0 0");
        RemotingCommand badHandle = pop.invoke(RequestCode.ACK_MESSAGE, ack);
        assertThat(badHandle.getCode()).isEqualTo(ResponseCode.INVALID_PARAMETER);
        assertThat(badHandle.getRemark()).contains("extraInfo").contains("invisibleTime");

        ack.setExtraInfo("0 1700000000000 60000 0 0 broker-pop 0 999999");
        ack.setOffset(999_999L);
        RemotingCommand offside = pop.invoke(RequestCode.ACK_MESSAGE, ack);
        assertThat(offside.getCode()).isEqualTo(ResponseCode.NO_MESSAGE);
        assertThat(offside.getRemark()).contains("offset is illegal");
    }

    private static PopMessageRequestHeader popHeader(String topic, String group, int max) {
        PopMessageRequestHeader header = new PopMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(-1);
        header.setMaxMsgNums(max);
        header.setInvisibleTime(60_000);
        header.setPollTime(0);
        header.setBornTime(System.currentTimeMillis());
        header.setInitMode(1);
        header.setExpType("TAG");
        header.setExp("*");
        return header;
    }

    /** Sends {@code n} messages (the first send creates the topic); returns their ids. */
    private static List<String> send(String topic, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SendResult result = producer.send(new Message(topic, "tag", bytes(topic + "-" + i)));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            ids.add(result.getMsgId());
        }
        return ids;
    }

    /** Pops until {@code n} messages came (a new group starts at each queue's first message). */
    private static List<MessageExt> popAll(String topic, String group, int n, long invisibleMillis) {
        List<MessageExt> popped = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            PopResult result = pop.pop(topic, group, -1, 32, invisibleMillis, 0);
            if (result.getPopStatus() == PopStatus.FOUND) {
                popped.addAll(result.getMsgFoundList());
            }
            return popped.size() >= n;
        });
        assertThat(popped).hasSize(n);
        return popped;
    }

    private static List<MessageExt> awaitPop(String topic, String group, Duration within) {
        List<MessageExt> popped = new ArrayList<>();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            PopResult result = pop.pop(topic, group, -1, 32, 60_000, 0);
            if (result.getPopStatus() == PopStatus.FOUND) {
                popped.addAll(result.getMsgFoundList());
            }
            return !popped.isEmpty();
        });
        return popped;
    }

    /** Pops with long polling for {@code millis} and expects nothing (what was acked stays acked). */
    private static void assertNothingWithin(String topic, String group, long millis) throws Exception {
        Set<String> seen = new HashSet<>();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            PopResult result = pop.pop(topic, group, -1, 32, 60_000, Math.max(1, end - System.currentTimeMillis()));
            if (result.getPopStatus() == PopStatus.FOUND) {
                result.getMsgFoundList().forEach(m -> seen.add(m.getMsgId()));
            }
        }
        assertThat(seen).as("redelivered although acked").isEmpty();
    }
}
