package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SYNC_FLUSH durability across kill -9: a broker JVM is SIGKILLed while producers send to it; after a restart on
 * the same store every message it acknowledged is still there, byte for byte, and so is every topic an admin
 * created just before (the topic table journals each change).
 */
class CrashRecoveryIT {

    private static final Logger log = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int PRODUCER_THREADS = 4;
    private static final int ACKS_BEFORE_KILL = 1500;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageSurvivesKillMinus9() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir.resolve("cluster"));
                BrokerProcess broker = new BrokerProcess(dir, "broker-crash", cluster.nameServerAddr(),
                        // small files, so the stream crosses commit-log and consume-queue file boundaries
                        Map.of("flushDiskType", "SYNC_FLUSH", "mappedFileSizeCommitLog", Integer.toString(128 * 1024),
                                "mappedFileSizeConsumeQueue", Integer.toString(20 * 100)))) {
            broker.start();
            awaitRegistered(cluster, "broker-crash");
            String topic = Clients.unique("Crash");
            List<String> createdTopics = java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> Clients.unique("CrashCreated" + i)).toList();

            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // UNIQ_KEY -> body
            Deque<SendResult> lastSingles = new ConcurrentLinkedDeque<>(); // newest first
            AtomicInteger failures = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            DefaultMQProducer producer = Clients.unstartedProducer(cluster.nameServerAddr(),
                    Clients.unique("crash-producer"));
            producer.setSendMsgTimeout(3000);
            producer.setRetryTimesWhenSendFailed(0);
            producer.start();
            List<Thread> threads = new ArrayList<>();
            try {
                producer.send(new Message(topic, bytes("create-topic")));
                for (int t = 0; t < PRODUCER_THREADS; t++) {
                    int thread = t;
                    Thread sender = new Thread(() -> {
                        for (int seq = 0; sending.get(); seq++) {
                            try {
                                if (thread == 0) {
                                    sendBatch(producer, topic, seq, acknowledged);
                                } else {
                                    SendResult result = sendOne(producer, topic, "t" + thread + "-" + seq, seq,
                                            acknowledged);
                                    if (result.getSendStatus() == SendStatus.SEND_OK) {
                                        lastSingles.addFirst(result);
                                        if (lastSingles.size() > 30) {
                                            lastSingles.pollLast();
                                        }
                                    }
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }
                    }, "crash-producer-" + t);
                    sender.start();
                    threads.add(sender);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= ACKS_BEFORE_KILL);
                createTopics(cluster, broker.address(), createdTopics);
                broker.kill(); // mid-stream: the producer threads are still sending
                await().atMost(Duration.ofSeconds(20)).until(() -> failures.get() >= PRODUCER_THREADS);
            } finally {
                sending.set(false);
                for (Thread thread : threads) {
                    thread.join(20_000);
                }
                producer.shutdown();
            }
            Map<String, String> expected = Map.copyOf(acknowledged);
            log.info("killed broker {} with {} acknowledged messages; {} sends failed", broker.pid(), expected.size(),
                    failures.get());

            broker.start();
            broker.logText().lines().filter(line -> line.contains("recover")).forEach(log::info);
            awaitRegistered(cluster, "broker-crash");
            long stored = storedMessages(cluster, topic);
            Clients.Received received = Clients.readAll(cluster.nameServerAddr(), topic, Duration.ofSeconds(60),
                    r -> r.messages.stream().map(MessageExt::getMsgId).distinct().count() >= stored);
            Map<String, String> recovered = new HashMap<>();
            for (MessageExt message : received.messages) {
                assertThat(recovered.put(message.getMsgId(), text(message.getBody())))
                        .as("second delivery of %s", message.getMsgId()).isNull();
            }
            log.info("after restart the topic holds {} messages: {} acknowledged before the kill, {} more were stored "
                    + "but not acknowledged (incl. the topic-creating one)", stored, expected.size(),
                    stored - expected.size());
            assertThat(recovered).hasSize((int) stored);
            expected.forEach((id, body) -> assertThat(recovered.get(id)).as("message %s", id).isEqualTo(body));

            // the last acknowledged messages (written after the last checkpoint) are findable by offset id and key
            DefaultMQAdminExt admin = cluster.admin();
            try {
                assertThat(admin.getAllTopicConfig(broker.address(), 5000).getTopicConfigTable())
                        .containsKeys(createdTopics.toArray(String[]::new));
                for (SendResult sent : List.copyOf(lastSingles).subList(0, 10)) {
                    assertThat(text(admin.viewMessage(topic, sent.getOffsetMsgId()).getBody()))
                            .isEqualTo(expected.get(sent.getMsgId()));
                    assertThat(admin.queryMessageByUniqKey("TestCluster", topic, sent.getMsgId(), 32, 0,
                            Long.MAX_VALUE).getMessageList()).extracting(m -> text(m.getBody()))
                            .containsExactly(expected.get(sent.getMsgId()));
                }
            } finally {
                admin.shutdown();
            }
        }
    }

    /** A single sync send; bodies of varying length, so torn records have varying shapes. */
    private static SendResult sendOne(DefaultMQProducer producer, String topic, String name, int seq,
            Map<String, String> acknowledged) throws Exception {
        String body = name + "-" + "p".repeat((seq * 37) % 700);
        SendResult result = producer.send(new Message(topic, "TagA", bytes(body)));
        if (result.getSendStatus() == SendStatus.SEND_OK) {
            acknowledged.put(result.getMsgId(), body);
        }
        return result;
    }

    /** A batch of 8: acknowledged means every message of it is stored. */
    private static void sendBatch(DefaultMQProducer producer, String topic, int seq, Map<String, String> acknowledged)
            throws Exception {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batch.add(new Message(topic, "TagB", bytes("b-" + seq + "-" + i + "-" + "q".repeat((seq * 13 + i) % 300))));
        }
        SendResult result = producer.send(batch);
        if (result.getSendStatus() == SendStatus.SEND_OK) {
            String[] ids = result.getMsgId().split(",");
            assertThat(ids).hasSize(batch.size());
            for (int i = 0; i < ids.length; i++) {
                acknowledged.put(ids[i], text(batch.get(i).getBody()));
            }
        }
    }

    /** Sum of the topic's queue max offsets: how many messages it holds. */
    private static long storedMessages(LocalCluster cluster, String topic) throws Exception {
        DefaultMQAdminExt admin = cluster.admin();
        try {
            long total = 0;
            for (QueueData queue : admin.examineTopicRouteInfo(topic).getQueueDatas()) {
                for (int id = 0; id < queue.getReadQueueNums(); id++) {
                    total += admin.maxOffset(new MessageQueue(topic, queue.getBrokerName(), id));
                }
            }
            return total;
        } finally {
            admin.shutdown();
        }
    }

    /** Creates topics one by one; each answer comes after the NameServer knows the topic's route. */
    private static void createTopics(LocalCluster cluster, String brokerAddr, List<String> topics) throws Exception {
        DefaultMQAdminExt admin = cluster.admin();
        try {
            for (String created : topics) {
                admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(created, 8, 8));
                assertThat(admin.examineTopicRouteInfo(created).getQueueDatas())
                        .extracting(QueueData::getWriteQueueNums).containsExactly(8);
            }
        } finally {
            admin.shutdown();
        }
    }

    static void awaitRegistered(LocalCluster cluster, String brokerName) throws Exception {
        DefaultMQAdminExt admin = cluster.admin();
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.examineBrokerClusterInfo()
                    .getBrokerAddrTable().containsKey(brokerName));
        } finally {
            admin.shutdown();
        }
    }
}
