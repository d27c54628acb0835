package io.cometmq.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.RuntimeInfoKeys;
import io.cometmq.protocol.config.RoleAssignment;
import io.cometmq.protocol.header.ConsumerOffsetHeaders.QueryConsumerOffset;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's failover controller against real processes: a NameServer JVM and broker JVMs in managed mode (fat
 * jars), the controller deciding through the role file the brokers read, and the unmodified Apache RocketMQ 5.3.3
 * client producing with four threads. unavailableFor is 10 s to keep the test short; the controller probes every
 * 5 s, every 2 s while busy, as the operator does. The measured numbers are logged ("MEASURED ...") for
 * docs/reliability.md. The producer refreshes routes every second ({@code pollNameServerInterval=1000}; the client's
 * default is 30 s, which a real application would add to the time to recover).
 */
class FailoverProcessesIT {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverProcessesIT.class);
    static final Duration UNAVAILABLE_FOR = Duration.ofSeconds(10);
    static final String M = "fo-broker-0-master-0";
    static final String S0 = "fo-broker-0-slave-0";
    static final String S1 = "fo-broker-0-slave-1";

    static {
        // the Apache client logs under ${user.home}/logs unless told otherwise (versions.md pitfall 5)
        System.setProperty("rocketmq.client.logRoot", Path.of("target", "rocketmq-client-logs").toAbsolutePath()
                .toString());
    }

    @TempDir
    Path dir;

    /** Four producer threads; each SEND_OK is kept with when it arrived and which broker stored it. */
    static final class Load implements AutoCloseable {
        record Ack(long nanos, String storeHost, String msgId, String body) {}

        final List<Ack> acks = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> notOk = new ConcurrentHashMap<>();
        final AtomicInteger failures = new AtomicInteger();
        private final AtomicBoolean sending = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final DefaultMQProducer producer;
        private final String acksTopic;

        Load(String nameServer, String topic) throws Exception {
            this(nameServer, topic, 4);
        }

        /** @param senders sending threads (0: only {@link #sendOne}) */
        Load(String nameServer, String topic, int senders) throws Exception {
            acksTopic = topic;
            producer = new DefaultMQProducer("fo-producer-" + UUID.randomUUID().toString().substring(0, 8));
            producer.setNamesrvAddr(nameServer);
            producer.setInstanceName("fo-producer-" + UUID.randomUUID());
            producer.setPollNameServerInterval(1000);
            producer.setSendMsgTimeout(6000);
            producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
            producer.start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    producer.send(new Message(topic, "create-topic".getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus() == SendStatus.SEND_OK);
            for (int t = 0; t < senders; t++) {
                int thread = t;
                Thread sender = new Thread(() -> {
                    for (int seq = 0; sending.get(); seq++) {
                        String body = "t" + thread + "-" + seq + "-" + "x".repeat((seq * 31 + thread) % 700);
                        try {
                            SendResult result = producer.send(new Message(topic, "TagA",
                                    body.getBytes(StandardCharsets.UTF_8)));
                            if (result.getSendStatus() == SendStatus.SEND_OK) {
                                acks.add(new Ack(System.nanoTime(), storeHost(result), result.getMsgId(), body));
                            } else {
                                notOk.computeIfAbsent(result.getSendStatus().name(), s -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            pause();
                        }
                    }
                }, "fo-producer-" + t);
                sender.start();
                threads.add(sender);
            }
        }

        /** One synchronous send that must be acknowledged. */
        void sendOne(byte[] body) throws Exception {
            new java.util.Random().nextBytes(body);
            SendResult result = producer.send(new Message(acksTopic, body));
            assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
            acks.add(new Ack(System.nanoTime(), storeHost(result), result.getMsgId(), "bulk-" + body.length));
        }

        private static void pause() {
            try {
                Thread.sleep(50); // a refused connection fails at once: do not spin
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static String storeHost(SendResult result) throws Exception {
            InetSocketAddress address = (InetSocketAddress) MessageDecoder.decodeMessageId(result.getOffsetMsgId())
                    .getAddress();
            return address.getHostString() + ":" + address.getPort();
        }

        /** The first acknowledgement that arrived after {@code nanos} from {@code host}, or null. */
        Ack firstFrom(String host, long nanos) {
            return acks.stream().filter(a -> a.nanos() > nanos && a.storeHost().equals(host)).findFirst().orElse(null);
        }

        long ackedAfter(long nanos) {
            return acks.stream().filter(a -> a.nanos() > nanos).count();
        }

        Map<String, String> bodiesById() {
            Map<String, String> bodies = new ConcurrentHashMap<>();
            acks.forEach(a -> bodies.put(a.msgId(), a.body()));
            return bodies;
        }

        @Override
        public void close() throws InterruptedException {
            sending.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            producer.shutdown();
        }
    }

    static String topic(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads the whole topic with a new group until every acknowledged id arrived; returns deliveries by id. */
    static Map<String, List<String>> readAll(String nameServer, String topic, Set<String> expected) throws Exception {
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = consumer(nameServer, "fo-reader-" + UUID.randomUUID().toString().substring(0, 8));
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) -> {
            for (MessageExt message : batch) {
                received.computeIfAbsent(message.getMsgId(), id -> new CopyOnWriteArrayList<>())
                        .add(new String(message.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> received.keySet().containsAll(expected));
        } finally {
            consumer.shutdown();
        }
        return received;
    }

    static DefaultMQPushConsumer consumer(String nameServer, String group) {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName(group + "-" + UUID.randomUUID());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setHeartbeatBrokerInterval(5_000);
        consumer.setPersistConsumerOffsetInterval(1000);
        return consumer;
    }

    /** The committed offsets of {@code group} on one broker, summed over queues 0..7 (absent queues count 0). */
    static long committed(ProcessGroup group, String member, String consumerGroup, String topic) throws Exception {
        long sum = 0;
        for (int queue = 0; queue < 8; queue++) {
            RemotingCommand answer = group.admin.call(group.addresses.get(member), RequestCode.QUERY_CONSUMER_OFFSET,
                    new QueryConsumerOffset(consumerGroup, topic, queue, false).encode());
            if (answer.code() == ResponseCode.SUCCESS) {
                sum += Long.parseLong(answer.field("offset"));
            }
        }
        return sum;
    }

    /**
     * A SYNC group under the controller: {@link #M} master (epoch 1), {@link #S0} and {@link #S1} replicating, and
     * the controller running and seeing both slaves in sync.
     */
    static ProcessGroup syncGroupWithTwoSlaves(Path dir) throws Exception {
        ProcessGroup group = new ProcessGroup(dir, new FailoverPolicy(true, UNAVAILABLE_FOR, true));
        try {
            group.roles.write(new RoleAssignment(M, 1, "SYNC_MASTER"));
            group.startBroker(M, 5);
            group.startBroker(S0, 1);
            group.startBroker(S1, 2);
            awaitRole(group, M, "SYNC_MASTER", 1);
            awaitReplicating(group, S0);
            awaitReplicating(group, S1);
            group.startController();
            awaitBothSlavesInSync(group);
            return group;
        } catch (Exception | AssertionError e) {
            group.close();
            throw e;
        }
    }

    static void awaitBothSlavesInSync(ProcessGroup group) {
        await("both slaves in sync").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> group.lastRound.get() != null && group.lastRound.get().control().inSync().size() == 2);
    }

    static void awaitRole(ProcessGroup group, String member, String role, int epoch) {
        await(member + " " + role + " under epoch " + epoch).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> assertThat(group.runtimeInfo(member))
                        .containsEntry(RuntimeInfoKeys.BROKER_ROLE, role)
                        .containsEntry(RuntimeInfoKeys.CONTROLLER_EPOCH, Integer.toString(epoch)));
    }

    static void awaitReplicating(ProcessGroup group, String slave) {
        await(slave + " replicating").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> "true".equals(group.runtimeInfo(slave)
                        .get(RuntimeInfoKeys.HA_MASTER_CONNECTED)));
    }

    /**
     * "detect+decide" (fault to MasterPromoted) and "resume" (MasterPromoted to the first SEND_OK on the new master):
     * where the recovery time goes.
     */
    static String split(ProcessGroup group, Instant faultAt, Duration recovery) {
        Instant promoted = group.events.stream().filter(a -> a.reason().equals(FailoverEvents.MASTER_PROMOTED))
                .map(ProcessGroup.Announcement::time).findFirst().orElse(null);
        if (promoted == null) {
            return "no promotion recorded";
        }
        Duration decided = Duration.between(faultAt, promoted);
        return "promoted after " + decided.toMillis() + " ms, first SEND_OK " + recovery.minus(decided).toMillis()
                + " ms later";
    }

    /** A consumer group, its topic, and the offsets it committed (summed over queues). */
    record ExistingGroup(String group, String topic, long committed) {}

    /** A group that consumed a topic of its own to the end, its offsets committed and copied to every slave. */
    static ExistingGroup consumedGroup(ProcessGroup group, List<String> members, int count) throws Exception {
        String topic = topic("FoOffsets");
        String consumerGroup = "fo-existing-" + UUID.randomUUID().toString().substring(0, 8);
        long total;
        try (Load load = new Load(group.nameServer, topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acks.size() >= count);
            load.close();
            total = load.acks.size() + 1L; // and the topic-creating message
        }
        DefaultMQPushConsumer consumer = consumer(group.nameServer, consumerGroup);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) ->
                ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        consumer.start();
        try {
            await("group " + consumerGroup + " committed " + total).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> committed(group, members.get(0), consumerGroup, topic) == total);
        } finally {
            consumer.shutdown();
        }
        for (String member : members) {
            await(member + " has the committed offsets").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> committed(group, member, consumerGroup, topic) == total);
        }
        return new ExistingGroup(consumerGroup, topic, total);
    }

    @Test
    void killedSyncMasterIsReplacedByAnInSyncSlaveLosingNoAcknowledgedMessage() throws Exception {
        try (ProcessGroup group = syncGroupWithTwoSlaves(dir)) {
            ExistingGroup existing = consumedGroup(group, List.of(M, S0, S1), 300);
            awaitBothSlavesInSync(group);

            String topic = topic("FoKill");
            Map<String, String> acked;
            long killedAt;
            Instant killedWall;
            Load.Ack first;
            String newMaster;
            try (Load load = new Load(group.nameServer, topic)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acks.size() >= 1500);
                killedAt = System.nanoTime();
                killedWall = Instant.now();
                group.brokers.get(M).kill();
                await("a new master").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !group.role().master().equals(M));
                newMaster = group.role().master();
                String newAddress = group.addresses.get(newMaster);
                await("first SEND_OK on " + newMaster).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> load.firstFrom(newAddress, killedAt) != null);
                first = load.firstFrom(newAddress, killedAt);
                await().atMost(Duration.ofSeconds(60)).until(() -> load.ackedAfter(first.nanos()) >= 500);
                LOG.info("MEASURED sync-kill: not-OK statuses {}, {} sends failed", load.notOk, load.failures.get());
                acked = load.bodiesById();
            }
            Duration recovery = Duration.ofNanos(first.nanos() - killedAt);
            assertThat(group.role()).isEqualTo(new RoleAssignment(newMaster, 2, "SYNC_MASTER"));
            FailoverRecord record = group.lastRound.get().control().lastFailover();
            assertThat(record.from()).isEqualTo(M);
            assertThat(record.to()).isEqualTo(newMaster);
            assertThat(record.possibleLossBytes()).isZero();
            assertThat(group.events).extracting(ProcessGroup.Announcement::reason)
                    .contains(FailoverEvents.FAILOVER_STARTED, FailoverEvents.MASTER_PROMOTED);

            Map<String, List<String>> read = readAll(group.nameServer, topic, acked.keySet());
            long duplicates = read.values().stream().mapToLong(v -> v.size() - 1).sum();
            acked.forEach((id, body) -> assertThat(read.get(id)).as("acknowledged %s", id).containsExactly(body));
            long offsets = committed(group, newMaster, existing.group(), existing.topic());
            LOG.info("MEASURED sync-kill: unavailableFor {}s, kill -> first SEND_OK on the new master {} ms ({}); {}"
                    + " acked, 0 lost, {} duplicate deliveries to a new group; existing group's offsets {} -> {}",
                    UNAVAILABLE_FOR.toSeconds(), recovery.toMillis(), split(group, killedWall, recovery), acked.size(),
                    duplicates, existing.committed(), offsets);
            assertThat(offsets).as("committed offsets of an existing group on the new master")
                    .isEqualTo(existing.committed());

            // the kubelet restarts the old master's container: it reads the role file and follows the new master
            group.restart(M);
            awaitRole(group, M, "SLAVE", 2);
            awaitReplicating(group, M);
        }
    }

    @Test
    void frozenSyncMasterIsReplacedAndRejoinsAsSlaveWithoutAcknowledgingAWrite() throws Exception {
        try (ProcessGroup group = syncGroupWithTwoSlaves(dir)) {

            String topic = topic("FoFreeze");
            String oldAddress = group.addresses.get(M);
            Map<String, String> acked;
            long frozenAt;
            Instant frozenWall;
            long thawedAt;
            Load.Ack first;
            String newMaster;
            try (Load load = new Load(group.nameServer, topic)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acks.size() >= 1500);
                frozenAt = System.nanoTime();
                frozenWall = Instant.now();
                group.brokers.get(M).signal("STOP");
                await("a new master").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !group.role().master().equals(M));
                newMaster = group.role().master();
                String newAddress = group.addresses.get(newMaster);
                await("first SEND_OK on " + newMaster).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).until(() -> load.firstFrom(newAddress, frozenAt) != null);
                first = load.firstFrom(newAddress, frozenAt);
                // the freeze lasts 60 s in all, under load
                long left = Duration.ofSeconds(60).toNanos() - (System.nanoTime() - frozenAt);
                await().pollDelay(Duration.ofNanos(Math.max(0, left))).atMost(Duration.ofSeconds(70)).until(() -> true);
                thawedAt = System.nanoTime();
                group.brokers.get(M).signal("CONT");
                awaitRole(group, M, "SLAVE", 2);
                awaitReplicating(group, M);
                await().atMost(Duration.ofSeconds(60)).until(() -> load.ackedAfter(thawedAt) >= 500);
                LOG.info("MEASURED sync-freeze: not-OK statuses {}, {} sends failed", load.notOk, load.failures.get());
                acked = load.bodiesById();
                List<Load.Ack> fromOldAfterThaw = load.acks.stream()
                        .filter(a -> a.storeHost().equals(oldAddress) && a.nanos() > thawedAt).toList();
                assertThat(fromOldAfterThaw).as("SEND_OK answered by the old master after it thawed").isEmpty();
            }
            Duration recovery = Duration.ofNanos(first.nanos() - frozenAt);
            Map<String, List<String>> read = readAll(group.nameServer, topic, acked.keySet());
            long duplicates = read.values().stream().mapToLong(v -> v.size() - 1).sum();
            acked.forEach((id, body) -> assertThat(read.get(id)).as("acknowledged %s", id).containsExactly(body));
            LOG.info("MEASURED sync-freeze: unavailableFor {}s, SIGSTOP -> first SEND_OK on the new master {} ms ({}); {}"
                    + " acked, 0 lost, {} duplicate deliveries; the old master rejoined as a slave of {} under epoch 2;"
                    + " events {}", UNAVAILABLE_FOR.toSeconds(), recovery.toMillis(), split(group, frozenWall, recovery),
                    acked.size(), duplicates, newMaster,
                    group.events.stream().map(ProcessGroup.Announcement::reason).toList());
        }
    }

    /**
     * ASYNC: the slave is frozen while the master acknowledges 24 MiB more than socket buffers can carry, a controller
     * round sees the master that far ahead, then the master is killed and the slave thaws: the slave is promoted, and
     * the event and the record report the bytes it lacks; acknowledged messages are lost, as ASYNC allows.
     */
    @Test
    void killedAsyncMasterIsReplacedAndThePossibleLossIsReported() throws Exception {
        try (ProcessGroup group = new ProcessGroup(dir, new FailoverPolicy(true, UNAVAILABLE_FOR, false))) {
            group.roles.write(new RoleAssignment(M, 1, "ASYNC_MASTER"));
            group.startBroker(M, 5);
            group.startBroker(S0, 1);
            awaitRole(group, M, "ASYNC_MASTER", 1);
            awaitReplicating(group, S0);
            group.startController();

            String topic = topic("FoAsync");
            Map<String, String> acked;
            long killedAt;
            Instant killedWall;
            Load.Ack first;
            try (Load load = new Load(group.nameServer, topic); Load bulk = new Load(group.nameServer, topic, 0)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> load.acks.size() >= 500);
                group.brokers.get(S0).signal("STOP");
                for (int i = 0; i < 48; i++) {
                    bulk.sendOne(new byte[512 * 1024]);
                }
                int seen = group.rounds.get();
                await("a round that saw the master ahead").atMost(Duration.ofSeconds(30))
                        .until(() -> group.rounds.get() >= seen + 2);
                killedAt = System.nanoTime();
                killedWall = Instant.now();
                group.brokers.get(M).kill();
                group.brokers.get(S0).signal("CONT");
                await("S0 promoted").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> group.role().master().equals(S0));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> load.firstFrom(group.addresses.get(S0), killedAt) != null);
                first = load.firstFrom(group.addresses.get(S0), killedAt);
                acked = load.bodiesById();
                acked.putAll(bulk.bodiesById());
            }
            awaitRole(group, S0, "ASYNC_MASTER", 2);
            FailoverRecord record = group.lastRound.get().control().lastFailover();
            assertThat(record.to()).isEqualTo(S0);
            assertThat(record.possibleLossBytes()).as("bytes the frozen slave never got").isPositive();
            assertThat(group.events).filteredOn(a -> a.reason().equals(FailoverEvents.MASTER_PROMOTED))
                    .extracting(ProcessGroup.Announcement::message).anyMatch(m -> m.contains("possible loss "
                            + record.possibleLossBytes() + " bytes"));

            Map<String, List<String>> read = readAllAvailable(group.nameServer, topic, acked.keySet());
            long lost = acked.keySet().stream().filter(id -> !read.containsKey(id)).count();
            Duration recovery = Duration.ofNanos(first.nanos() - killedAt);
            LOG.info("MEASURED async-kill: kill -> first SEND_OK on the new master {} ms ({}); {} acked, {} lost,"
                    + " reported possible loss {} bytes", recovery.toMillis(), split(group, killedWall, recovery),
                    acked.size(), lost, record.possibleLossBytes());
        }
    }

    /** As {@link #readAll}, but an ASYNC failover may have lost some: reads until nothing new arrives for 10 s. */
    static Map<String, List<String>> readAllAvailable(String nameServer, String topic, Set<String> expected)
            throws Exception {
        Map<String, List<String>> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = consumer(nameServer, "fo-reader-" + UUID.randomUUID().toString().substring(0, 8));
        consumer.subscribe(topic, "*");
        AtomicInteger count = new AtomicInteger();
        consumer.registerMessageListener((MessageListenerConcurrently) (batch, context) -> {
            for (MessageExt message : batch) {
                received.computeIfAbsent(message.getMsgId(), id -> new CopyOnWriteArrayList<>())
                        .add(new String(message.getBody(), StandardCharsets.UTF_8));
                count.incrementAndGet();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            AtomicInteger seen = new AtomicInteger(-1);
            AtomicInteger quiet = new AtomicInteger();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (received.keySet().containsAll(expected)) {
                    return true;
                }
                quiet.set(count.get() == seen.getAndSet(count.get()) && count.get() > 0 ? quiet.get() + 1 : 0);
                return quiet.get() >= 10;
            });
        } finally {
            consumer.shutdown();
        }
        return received;
    }
}
