package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master/slave replication under real faults: master and slave are separate broker JVMs (the fat jar), killed with
 * SIGKILL, stopped with SIGTERM or frozen with SIGSTOP; clients are the unmodified Apache RocketMQ 5.3.3 ones.
 */
class ReplicationFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(ReplicationFailoverIT.class);

    @TempDir
    Path dir;

    /**
     * SYNC_MASTER under continuous load is SIGKILLed; every message the producers saw SEND_OK for is then read from
     * the slave by a group that did not exist before, and the route lists only the slave.
     */
    @Test
    void syncMasterKilledUnderLoadLosesNoAcknowledgedMessage() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = Clients.unique("ha-sync");
            BrokerProcess master = ha.broker("master", name, "SYNC_MASTER", Map.of()).start();
            BrokerProcess slave = ha.broker("slave", name, "SLAVE", Map.of()).start();
            ha.awaitSlaveConnected(master);
            String topic = Clients.unique("HaSync");

            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // UNIQ_KEY -> body
            Map<SendStatus, AtomicInteger> notOk = new ConcurrentHashMap<>();
            AtomicInteger failures = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            DefaultMQProducer producer = ha.producer(Clients.unique("ha-sync-producer"));
            List<Thread> threads = new ArrayList<>();
            int producerThreads = 4;
            try {
                SendResult first = producer.send(new Message(topic, bytes("create-topic")));
                assertThat(first.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                for (int t = 0; t < producerThreads; t++) {
                    int thread = t;
                    Thread sender = new Thread(() -> {
                        for (int seq = 0; sending.get(); seq++) {
                            String body = "t" + thread + "-" + seq + "-" + "x".repeat((seq * 31 + thread) % 900);
                            try {
                                SendResult result = producer.send(new Message(topic, "TagA", bytes(body)));
                                if (result.getSendStatus() == SendStatus.SEND_OK) {
                                    acknowledged.put(result.getMsgId(), body);
                                } else {
                                    notOk.computeIfAbsent(result.getSendStatus(), s -> new AtomicInteger())
                                            .incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }
                    }, "ha-sync-producer-" + t);
                    sender.start();
                    threads.add(sender);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 1500);
                master.kill(); // mid-stream: every producer thread has a send in flight or about to start
                await().atMost(Duration.ofSeconds(30)).until(() -> failures.get() >= producerThreads);
            } finally {
                sending.set(false);
                for (Thread thread : threads) {
                    thread.join(20_000);
                }
                producer.shutdown();
            }
            Map<String, String> expected = Map.copyOf(acknowledged);

            // the NameServer dropped the master when its connection closed: the route holds only the slave
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> ha.routeAddrs(topic, name).equals(Map.of(1L, slave.address())));

            Clients.Received received = Clients.readAll(ha.nameServer(), topic, Duration.ofSeconds(90),
                    r -> r.messages.stream().map(MessageExt::getMsgId).filter(expected::containsKey).distinct()
                            .count() >= expected.size());
            Map<String, String> recovered = new HashMap<>();
            for (MessageExt message : received.messages) {
                assertThat(recovered.put(message.getMsgId(), text(message.getBody())))
                        .as("second delivery of %s", message.getMsgId()).isNull();
                assertThat(message.getStoreHost().toString()).as("store host").contains(
                        master.address().substring(master.address().indexOf(':')));
            }
            long onSlave = ha.queueMaxSum(slave, topic, 4);
            log.info("SYNC_MASTER killed: {} sends acknowledged SEND_OK, not-OK statuses {}, {} sends failed; the "
                    + "slave holds {} messages of the topic (incl. the topic-creating one); {} acknowledged missing",
                    expected.size(), notOk, failures.get(), onSlave,
                    expected.keySet().stream().filter(id -> !recovered.containsKey(id)).count());
            expected.forEach((id, body) -> assertThat(recovered.get(id)).as("acknowledged message %s", id)
                    .isEqualTo(body));
            assertThat(onSlave).isGreaterThanOrEqualTo(expected.size() + 1L);
        }
    }

    /**
     * A group consumes half a topic from the master and commits; the master dies; the same consumer carries on from
     * the slave, committing there; the master comes back on its store: a fresh instance of the group re-consumes
     * nothing that was committed to the slave.
     */
    @Test
    void consumerOffsetsSurviveFailoverToSlaveAndBack() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = Clients.unique("ha-offsets");
            BrokerProcess master = ha.broker("master", name, "SYNC_MASTER", Map.of()).start();
            BrokerProcess slave = ha.broker("slave", name, "SLAVE", Map.of()).start();
            ha.awaitSlaveConnected(master);
            String topic = Clients.unique("HaOffsets");
            String group = Clients.unique("ha-offsets-group");
            int queues = 4;
            int half = 200;

            DefaultMQProducer producer = ha.producer(Clients.unique("ha-offsets-producer"));
            DefaultMQPushConsumer first = null;
            Clients.Received firstReceived = new Clients.Received();
            AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(0));
            try {
                phase("offsets: brokers up");
                sendAll(producer, topic, 0, half);
                phase("offsets: first half sent");
                first = consumer(ha, group);
                // small pulls and a small cache, so most of the second half is pulled from the slave after the kill
                first.setPullBatchSize(4);
                first.setPullThresholdForQueue(4);
                first.setConsumeThreadMin(4);
                first.setConsumeThreadMax(4);
                first.subscribe(topic, "*");
                first.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    try {
                        gate.get().await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                    }
                    messages.forEach(firstReceived::add);
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                first.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> firstReceived.bodies().size() == half);
                phase("offsets: first half consumed");
                // committed on the master and copied to the slave by its metadata sync
                await().atMost(Duration.ofSeconds(30)).until(() -> ha.committedSum(master, group, topic, queues) == half
                        && ha.committedSum(slave, group, topic, queues) == half);

                phase("offsets: first half committed on master and slave");
                CountDownLatch closed = new CountDownLatch(1);
                gate.set(closed); // the second half is pulled but not consumed before the master dies
                sendAll(producer, topic, half, 2 * half);
                ha.awaitCaughtUp(master, slave);
                await().atMost(Duration.ofSeconds(30)).until(() -> ha.queueMaxSum(slave, topic, queues) == 2L * half);
                long servedBefore = ha.runtimeLong(slave, "msgGetTotalTodayNow");
                phase("offsets: second half sent and replicated; killing the master");
                master.kill();
                closed.countDown();

                await().atMost(Duration.ofSeconds(90)).until(() -> firstReceived.bodies().size() == 2 * half);
                int duplicates = firstReceived.messages.size() - 2 * half;
                long servedBySlave = ha.runtimeLong(slave, "msgGetTotalTodayNow") - servedBefore;
                phase("offsets: after the master died the group consumed the rest; the slave served "
                        + servedBySlave + " messages; " + duplicates + " duplicate deliveries");
                assertThat(servedBySlave).as("messages pulled from the slave").isGreaterThanOrEqualTo(half / 2);
                // the commit window at the kill was empty (everything consumed was committed), so nothing repeats
                assertThat(duplicates).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> ha.committedSum(slave, group, topic, queues)
                        == 2L * half);
            } finally {
                if (first != null) {
                    first.shutdown();
                }
                producer.shutdown();
            }
            assertThat(ha.committedSum(slave, group, topic, queues)).isEqualTo(2L * half);

            phase("offsets: consumer stopped; restarting the master");
            master.start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> master.address().equals(ha.routeAddrs(topic, name).get(0L)));
            phase("offsets: master re-registered");
            ha.awaitCaughtUp(master, slave);
            // the offsets committed to the slave while the master was away reach the master
            await().atMost(Duration.ofSeconds(30)).until(() -> ha.committedSum(master, group, topic, queues)
                    == 2L * half);

            phase("offsets: master has the offsets committed to the slave");
            Clients.Received second = new Clients.Received();
            DefaultMQPushConsumer fresh = consumer(ha, group);
            DefaultMQProducer markers = ha.producer(Clients.unique("ha-offsets-producer"));
            try {
                fresh.subscribe(topic, "*");
                fresh.registerMessageListener(second.listener());
                fresh.start();
                for (int q = 0; q < queues; q++) {
                    MessageQueue queue = new MessageQueue(topic, name, q);
                    SendResult result = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                            .ignoreExceptions().until(() -> markers.send(new Message(topic,
                                    bytes("marker-" + queue.getQueueId())), queue),
                                    r -> r.getSendStatus() == SendStatus.SEND_OK);
                    assertThat(result.getMessageQueue().getQueueId()).isEqualTo(q);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> second.bodies().stream()
                        .filter(b -> b.startsWith("marker-")).count() == queues
                        && ha.committedSum(master, group, topic, queues) == 2L * half + queues);
            } finally {
                fresh.shutdown();
                markers.shutdown();
            }
            List<String> again = second.messages.stream().map(m -> text(m.getBody()))
                    .filter(b -> !b.startsWith("marker-")).toList();
            log.info("a fresh instance of the group after the master returned re-consumed {} messages", again.size());
            assertThat(again).isEmpty();
        }
    }

    private static final long T0 = System.nanoTime();

    private static void phase(String what) {
        log.info("[{} ms] {}", (System.nanoTime() - T0) / 1_000_000, what);
    }

    /**
     * One pair through its whole life. (3) The master is SIGKILLed and restarted on its store: the slave resumes
     * where it was and ends byte-identical. (4) Promotion: refused while the master lives; refused for a slave that
     * was down while the master took 20 MiB and then died, since it cannot know what it misses; forced. (5)
     * The old master rejoins as slave of the promoted one: its epochs show where the logs diverge, it truncates
     * and re-syncs to a byte-identical log. (4) Finally that caught-up slave is promoted without force when its
     * master dies, and producers write to it.
     */
    @Test
    void restartLaggingPromotionAndDivergence() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = Clients.unique("ha-life");
            BrokerProcess a = ha.broker("a", name, "ASYNC_MASTER", Map.of()).start();
            BrokerProcess b = ha.broker("b", name, "SLAVE", Map.of()).start();
            ha.awaitSlaveConnected(a);
            phase("life: brokers up");
            String topic = Clients.unique("HaLife");
            String big = Clients.unique("HaBig");
            int queues = 4;

            RemotingCommand alive = ha.promote(b, "ASYNC_MASTER", false);
            assertThat(alive.code()).as(alive.remark()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
            assertThat(alive.remark()).contains("master is still alive");

            // (3) master restart
            DefaultMQProducer producer = ha.producer(Clients.unique("ha-life-producer"));
            long beforeKill;
            try {
                sendAll(producer, topic, 0, 300);
                ha.awaitCaughtUp(a, b);
                beforeKill = ha.maxOffset(a);
                a.kill();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> "false".equals(ha.runtime(b).get("haMasterConnected")));
                a.start();
                ha.awaitSlaveConnected(a);
                phase("life: master restarted on its store");
                assertThat(ha.maxOffset(a)).as("master log end after kill -9 and recovery").isEqualTo(beforeKill);
                sendAll(producer, topic, 300, 600);
                ha.awaitCaughtUp(a, b);
            } finally {
                producer.shutdown();
            }
            // the slave went on from its own log end: no truncation, nothing sent twice
            assertThat(b.logText()).doesNotContain("diverges")
                    .containsPattern("replicating from master \\S+ starting at offset " + beforeKill + "\\R");
            long end3 = ha.maxOffset(a);
            HaCluster.assertSameCommitLog(a, b, end3);
            assertSameQueues(ha, a, b, topic, queues);
            assertThat(ha.queueMaxSum(b, topic, queues)).isEqualTo(600);
            phase("life: slave resumed after the master restart; logs identical up to " + end3);

            // (4) the slave is stopped, the master takes 20 MiB more (across a segment boundary) and dies; the slave
            // restarts: it never heard from a master since, so it cannot tell what it misses and refuses
            b.terminate(); // SIGTERM: the JVM runs its shutdown hook and exits with 143
            DefaultMQProducer bigProducer = ha.producer(Clients.unique("ha-life-big"));
            try {
                Random random = new Random(42);
                for (int i = 0; i < 40; i++) {
                    byte[] body = new byte[512 * 1024];
                    random.nextBytes(body);
                    assertThat(bigProducer.send(new Message(big, body)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                }
            } finally {
                bigProducer.shutdown();
            }
            long masterEnd = ha.maxOffset(a);
            a.kill();
            b.start();
            long slaveEnd = ha.maxOffset(b);
            phase("life: master died at " + masterEnd + "; the restarted slave has " + slaveEnd);
            assertThat(slaveEnd).isEqualTo(end3);
            RemotingCommand unknown = ha.promote(b, "ASYNC_MASTER", false);
            assertThat(unknown.code()).as(unknown.remark()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
            assertThat(unknown.remark()).contains("never replicated");

            RemotingCommand forced = ha.promote(b, "ASYNC_MASTER", true);
            assertThat(forced.code()).as(forced.remark()).isEqualTo(ResponseCode.SUCCESS);
            long promotedAt = ha.maxOffset(b);
            assertThat(promotedAt).isEqualTo(slaveEnd);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> ha.routeAddrs(topic, name).equals(Map.of(0L, b.address())));
            DefaultMQProducer toB = ha.producer(Clients.unique("ha-life-producer"));
            try {
                SendResult result = sendOk(toB, new Message(topic, bytes("m-600")));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(result.getMessageQueue().getBrokerName()).isEqualTo(name);
                assertThat(storeAddress(result)).isEqualTo(b.address());
                sendAll(toB, topic, 601, 700);
            } finally {
                toB.shutdown();
            }
            phase("life: slave force-promoted at " + promotedAt + " and written to");

            // (5) the old master rejoins as slave of the new one
            a.set("brokerRole", "SLAVE").set("brokerId", "1").start();
            ha.awaitCaughtUp(b, a);
            phase("life: old master rejoined as slave and caught up");
            assertThat(a.logText()).contains("local log diverges from the master's after offset " + promotedAt)
                    .contains("store truncated at commit-log offset " + promotedAt);
            long end5 = ha.maxOffset(b);
            HaCluster.assertSameCommitLog(a, b, end5);
            assertSameQueues(ha, a, b, topic, queues);
            assertSameQueues(ha, a, b, big, queues);
            assertThat(ha.queueMaxSum(a, topic, queues)).isEqualTo(700);

            // (4) a caught-up slave is promoted without force once its master is gone
            b.kill();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> "false".equals(ha.runtime(a).get("haMasterConnected")));
            RemotingCommand promoted = ha.promote(a, "ASYNC_MASTER", false);
            assertThat(promoted.code()).as(promoted.remark()).isEqualTo(ResponseCode.SUCCESS);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> ha.routeAddrs(topic, name).equals(Map.of(0L, a.address())));
            DefaultMQProducer toA = ha.producer(Clients.unique("ha-life-producer"));
            try {
                SendResult result = sendOk(toA, new Message(topic, bytes("m-700")));
                assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(storeAddress(result)).isEqualTo(a.address());
            } finally {
                toA.shutdown();
            }
            Clients.Received all = Clients.readAll(ha.nameServer(), topic, Duration.ofSeconds(60),
                    r -> r.bodies().size() >= 701);
            assertThat(all.bodies()).hasSize(701).allMatch(body -> body.startsWith("m-"));
            assertThat(all.messages).hasSize(701);
            phase("life: caught-up slave promoted; the topic reads back complete from it");
        }
    }

    private static void assertSameQueues(HaCluster ha, BrokerProcess x, BrokerProcess y, String topic, int queues)
            throws Exception {
        for (int q = 0; q < queues; q++) {
            assertThat(ha.queueMax(x, topic, q)).as("max offset of %s queue %d", topic, q)
                    .isEqualTo(ha.queueMax(y, topic, q));
        }
    }

    /** The broker address encoded in a send result's offset message id. */
    private static String storeAddress(SendResult result) throws Exception {
        java.net.InetSocketAddress address = (java.net.InetSocketAddress) org.apache.rocketmq.common.message
                .MessageDecoder.decodeMessageId(result.getOffsetMsgId()).getAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    /** Sync sends of bodies m-from .. m-(to-1); each must come back SEND_OK (one retry after a failure). */
    private static void sendAll(DefaultMQProducer producer, String topic, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertThat(sendOk(producer, new Message(topic, bytes("m-" + i))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        }
    }

    /** A sync send, retried while it fails (e.g. the producer still routes to a dead master); first try at once. */
    private static SendResult sendOk(DefaultMQProducer producer, Message message) {
        return await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> producer.send(message), result -> true);
    }

    /** A push consumer that notices route changes within a second and commits offsets every second. */
    private static DefaultMQPushConsumer consumer(HaCluster ha, String group) {
        DefaultMQPushConsumer consumer = Clients.pushConsumer(ha.nameServer(), group);
        consumer.setPollNameServerInterval(1000);
        consumer.setHeartbeatBrokerInterval(1000);
        consumer.setPersistConsumerOffsetInterval(1000);
        return consumer;
    }
}
