package io.cometmq.broker.it;

import static io.cometmq.broker.it.Clients.bytes;
import static io.cometmq.broker.it.Clients.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.RuntimeInfoKeys;
import io.cometmq.protocol.config.RoleAssignment;
import io.cometmq.protocol.header.PromotionHeaders;
import io.cometmq.protocol.header.PromotionHeaders.DemoteMasterToSlave;
import io.cometmq.protocol.header.PromotionHeaders.PromoteSlaveToMaster;
import io.cometmq.protocol.header.SendMessageHeaders;
import io.cometmq.protocol.header.UnregisterBrokerRequestHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Managed mode (a role file, as the operator renders it) with real broker JVMs: the test does what the operator's
 * failover controller does (unregister the old master, rewrite the role file, promote or demote with a controller
 * epoch) and checks that a deposed master never acknowledges a write and rejoins as a slave of the new master.
 */
class ManagedFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(ManagedFailoverIT.class);
    private static final long LEASE_MILLIS = 3_000;

    @TempDir
    Path dir;

    /**
     * ASYNC master A is frozen (SIGSTOP) holding 24 MiB its slave B never got; B is promoted under epoch 2. When A
     * thaws, its lease has expired: a send queued during the freeze and every send after are refused; a NameServer
     * refuses its epoch 1, so it demotes itself, truncates what it took alone and follows B.
     */
    @Test
    void frozenMasterThawsAsSlaveOfTheNewMasterWithoutAcknowledgingAWrite() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = Clients.unique("managed-freeze");
            Path roleFile = writeRole(new RoleAssignment("a", 1, "ASYNC_MASTER"));
            BrokerProcess a = ha.broker("a", name, "SLAVE", managed(roleFile, "a", 5)).start();
            BrokerProcess b = ha.broker("b", name, "SLAVE", managed(roleFile, "b", 1)).start();
            ha.awaitSlaveConnected(a);
            awaitRole(ha, a, "ASYNC_MASTER", 1, true);
            String topic = Clients.unique("ManagedFreeze");
            DefaultMQProducer producer = ha.producer(Clients.unique("managed-freeze-producer"));
            long aEnd;
            long bEnd;
            try {
                sendOk(producer, topic, "first");
                ha.awaitCaughtUp(a, b);

                // B frozen: A acknowledges (ASYNC) more than the socket buffers towards B can hold
                b.signal("STOP");
                Random random = new Random(7);
                for (int i = 0; i < 48; i++) {
                    byte[] body = new byte[512 * 1024];
                    random.nextBytes(body);
                    assertThat(producer.send(new Message(topic, body)).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                }
                aEnd = ha.maxOffset(a);
                a.signal("STOP");
                b.signal("CONT");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> "false".equals(ha.runtime(b).get(RuntimeInfoKeys.HA_MASTER_CONNECTED)));
                bEnd = ha.maxOffset(b);
                assertThat(bEnd).as("B missed the tail A took while B was frozen").isLessThan(aEnd);

                // what the operator does: unregister A, record the decision, promote B under the new epoch
                unregister(ha, name, a);
                writeRole(new RoleAssignment("b", 2, "ASYNC_MASTER"));
                RemotingCommand shortLog = promote(ha, b, "ASYNC_MASTER", 2, aEnd, false);
                assertThat(shortLog.code()).as(shortLog.remark()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
                assertThat(shortLog.remark()).contains("ends at " + bEnd).contains("minOffset " + aEnd);
                RemotingCommand staleEpoch = promote(ha, b, "ASYNC_MASTER", 1, -1, true);
                assertThat(staleEpoch.code()).as(staleEpoch.remark()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
                assertThat(staleEpoch.remark()).contains("epoch 1 is not higher");
                // the operator accepts the possible loss (ASYNC) by asking only for what B has: no force needed
                RemotingCommand promoted = promote(ha, b, "ASYNC_MASTER", 2, bEnd, false);
                assertThat(promoted.code()).as(promoted.remark()).isEqualTo(ResponseCode.SUCCESS);
                awaitRole(ha, b, "ASYNC_MASTER", 2, true);
                SendResult onB = sendOk(producer, topic, "after-promotion");
                assertThat(storeAddress(onB)).isEqualTo(b.address());

                // a send reaches the frozen A and waits in its socket; then A thaws
                CompletableFuture<RemotingCommand> queued = ha.client.invokeAsync(a.address(),
                        rawSend(topic, "queued-while-frozen"), 30_000);
                a.signal("CONT");
                RemotingCommand queuedAnswer = queued.get(30, TimeUnit.SECONDS);
                assertThat(queuedAnswer.code()).as(queuedAnswer.remark()).isNotEqualTo(ResponseCode.SUCCESS);
                log.info("send queued during the freeze answered {} {}", queuedAnswer.code(), queuedAnswer.remark());
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    RemotingCommand direct = ha.client.invokeSync(a.address(), rawSend(topic, "direct"), 5_000);
                    assertThat(direct.code()).as(direct.remark()).isNotEqualTo(ResponseCode.SUCCESS);
                    Map<String, String> info = ha.runtime(a);
                    assertThat(info).containsEntry(RuntimeInfoKeys.BROKER_ROLE, "SLAVE")
                            .containsEntry(RuntimeInfoKeys.CONTROLLER_EPOCH, "2")
                            .containsEntry(RuntimeInfoKeys.MASTER_WRITABLE, "false");
                });
                sendOk(producer, topic, "after-rejoin");
            } finally {
                producer.shutdown();
            }
            ha.awaitCaughtUp(b, a);
            assertThat(a.logText()).contains("store truncated at commit-log offset " + bEnd);
            HaCluster.assertSameCommitLog(a, b, ha.maxOffset(b));
            assertThat(ha.routeAddrs(topic, name)).isEqualTo(Map.of(0L, b.address(), 5L, a.address()));
        }
    }

    /**
     * DEMOTE_MASTER_TO_SLAVE (a switchover): refused with an epoch that is not higher; accepted with a higher one,
     * after which the master takes no write; the slave, promoted with minOffset = the demoted log end, takes over
     * and the demoted broker follows it. Every message the old master acknowledged is read back from the new one.
     */
    @Test
    void demotedMasterStopsWritingAndFollowsThePromotedSlave() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = Clients.unique("managed-switch");
            Path roleFile = writeRole(new RoleAssignment("a", 1, "SYNC_MASTER"));
            BrokerProcess a = ha.broker("a", name, "SLAVE", managed(roleFile, "a", 5)).start();
            BrokerProcess b = ha.broker("b", name, "SLAVE", managed(roleFile, "b", 1)).start();
            ha.awaitSlaveConnected(a);
            awaitRole(ha, a, "SYNC_MASTER", 1, true);
            String topic = Clients.unique("ManagedSwitch");

            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean sending = new AtomicBoolean(true);
            DefaultMQProducer producer = ha.producer(Clients.unique("managed-switch-producer"));
            Thread sender = new Thread(() -> {
                for (int seq = 0; sending.get(); seq++) {
                    String body = "s-" + seq;
                    try {
                        SendResult result = producer.send(new Message(topic, bytes(body)));
                        if (result.getSendStatus() == SendStatus.SEND_OK) {
                            acknowledged.put(result.getMsgId(), body);
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
            }, "managed-switch-producer");
            long logEnd;
            try {
                sendOk(producer, topic, "first");
                sender.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);

                for (int epoch : new int[] {0, 1}) {
                    RemotingCommand notHigher = demote(ha, a, epoch);
                    assertThat(notHigher.code()).as(notHigher.remark()).isEqualTo(ResponseCode.ILLEGAL_OPERATION);
                    assertThat(notHigher.remark()).contains("epoch " + epoch + " is not higher");
                }
                writeRole(new RoleAssignment("b", 2, "SYNC_MASTER"));
                RemotingCommand demoted = demote(ha, a, 2);
                assertThat(demoted.code()).as(demoted.remark()).isEqualTo(ResponseCode.SUCCESS);
                logEnd = Long.parseLong(demoted.field(PromotionHeaders.LOG_END_OFFSET));
                RemotingCommand direct = ha.client.invokeSync(a.address(), rawSend(topic, "after-demotion"), 5_000);
                assertThat(direct.code()).as(direct.remark()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
                assertThat(ha.maxOffset(a)).as("no write after the demotion answer").isEqualTo(logEnd);

                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> ha.maxOffset(b) == logEnd
                        && "false".equals(ha.runtime(b).get(RuntimeInfoKeys.HA_MASTER_CONNECTED)));
                RemotingCommand promoted = promote(ha, b, "SYNC_MASTER", 2, logEnd, false);
                assertThat(promoted.code()).as(promoted.remark()).isEqualTo(ResponseCode.SUCCESS);
                awaitRole(ha, b, "SYNC_MASTER", 2, true);
                int before = acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 100);
            } finally {
                sending.set(false);
                sender.join(20_000);
                producer.shutdown();
            }
            ha.awaitCaughtUp(b, a);
            assertThat(ha.runtime(a)).containsEntry(RuntimeInfoKeys.BROKER_ROLE, "SLAVE")
                    .containsEntry(RuntimeInfoKeys.CONTROLLER_EPOCH, "2");
            Map<String, String> expected = Map.copyOf(acknowledged);
            Clients.Received received = Clients.readAll(ha.nameServer(), topic, Duration.ofSeconds(60),
                    r -> r.messages.stream().map(MessageExt::getMsgId).filter(expected::containsKey).distinct()
                            .count() >= expected.size());
            Map<String, String> read = new ConcurrentHashMap<>();
            received.messages.forEach(message -> read.put(message.getMsgId(), text(message.getBody())));
            log.info("switchover at log end {}: {} sends acknowledged, {} refused or failed", logEnd,
                    expected.size(), refused.get());
            expected.forEach((id, body) -> assertThat(read.get(id)).as("acknowledged %s", id).isEqualTo(body));
        }
    }

    /**
     * Restarts of a managed broker: one whose role file says slave starts as slave with its brokerId key; one whose
     * role file still names it master while the NameServer knows a higher epoch is refused and ends as a slave
     * without ever acknowledging a send.
     */
    @Test
    void restartFollowsTheRoleFileAndAStaleMasterIsFenced() throws Exception {
        try (HaCluster ha = new HaCluster(dir)) {
            String name = Clients.unique("managed-restart");
            Path roleFile = writeRole(new RoleAssignment("b", 2, "ASYNC_MASTER"));
            BrokerProcess b = ha.broker("b", name, "SLAVE", managed(roleFile, "b", 1)).start();
            awaitRole(ha, b, "ASYNC_MASTER", 2, true);
            BrokerProcess a = ha.broker("a", name, "SYNC_MASTER", managed(roleFile, "a", 5)).start();
            String topic = Clients.unique("ManagedRestart");
            DefaultMQProducer producer = ha.producer(Clients.unique("managed-restart-producer"));
            try {
                sendOk(producer, topic, "first");
            } finally {
                producer.shutdown();
            }
            ha.awaitCaughtUp(b, a);
            assertThat(ha.runtime(a)).containsEntry(RuntimeInfoKeys.BROKER_ROLE, "SLAVE")
                    .containsEntry(RuntimeInfoKeys.CONTROLLER_EPOCH, "2");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> ha.routeAddrs(topic, name).equals(Map.of(0L, b.address(), 5L, a.address())));

            // a stale role file (as if the volume lagged) names A master under epoch 1
            assertThat(a.terminate()).isEqualTo(143);
            writeRole(new RoleAssignment("a", 1, "ASYNC_MASTER"));
            a.start();
            AtomicInteger answered = new AtomicInteger();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                RemotingCommand direct = ha.client.invokeSync(a.address(), rawSend(topic, "stale"), 5_000);
                answered.incrementAndGet();
                assertThat(direct.code()).as(direct.remark()).isNotEqualTo(ResponseCode.SUCCESS);
                assertThat(ha.runtime(a)).containsEntry(RuntimeInfoKeys.BROKER_ROLE, "SLAVE")
                        .containsEntry(RuntimeInfoKeys.CONTROLLER_EPOCH, "2");
            });
            assertThat(a.logText()).contains("refused").contains("demoted");
            writeRole(new RoleAssignment("b", 2, "ASYNC_MASTER"));
            ha.awaitCaughtUp(b, a);
            assertThat(ha.routeAddrs(topic, name)).isEqualTo(Map.of(0L, b.address(), 5L, a.address()));
            log.info("stale master answered {} direct sends, none SEND_OK", answered.get());
        }
    }

    /**
     * The CP side of the lease: a managed master whose only NameServer stops answering refuses writes once
     * masterLeaseMillis passed since the last confirmation, and takes them again as soon as a NameServer (here a
     * new one on the same address, which knows nothing) accepts its registration.
     */
    @Test
    void masterWithoutAnyNameServerStopsWritingAfterItsLeaseAndResumesWhenOneAnswers() throws Exception {
        int port = HaCluster.freePort();
        String nameServer = "127.0.0.1:" + port;
        Path roleFile = writeRole(new RoleAssignment("a", 1, "ASYNC_MASTER"));
        io.cometmq.namesrv.NameServer first = startNameServer(port);
        Path work = Files.createDirectories(dir.resolve("lonely"));
        Map<String, String> settings = new java.util.HashMap<>(managed(roleFile, "a", 5));
        settings.put("haListenPort", Integer.toString(HaCluster.freePort()));
        try (BrokerProcess a = new BrokerProcess(work, Clients.unique("managed-lease"), nameServer, settings);
                io.cometmq.protocol.netty.RemotingClient client = new io.cometmq.protocol.netty.RemotingClient()) {
            a.start();
            String topic = Clients.unique("ManagedLease");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(client.invokeSync(a.address(), rawSend(topic, "before"), 5_000).code())
                            .isEqualTo(ResponseCode.SUCCESS));

            first.close();
            long closedAt = System.nanoTime();
            await().atMost(Duration.ofMillis(LEASE_MILLIS + 5_000)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        RemotingCommand refused = client.invokeSync(a.address(), rawSend(topic, "cut-off"), 5_000);
                        assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
                        assertThat(refused.remark()).contains("no NameServer confirmed it for");
                    });
            long stoppedAfterMillis = (System.nanoTime() - closedAt) / 1_000_000;
            log.info("writes stopped {} ms after the NameServer went away (lease {} ms)", stoppedAfterMillis,
                    LEASE_MILLIS);
            assertThat(stoppedAfterMillis).as("not before the lease ran out").isGreaterThan(LEASE_MILLIS / 4);

            io.cometmq.namesrv.NameServer second = startNameServer(port);
            try {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(client.invokeSync(a.address(), rawSend(topic, "back"), 5_000).code())
                                .isEqualTo(ResponseCode.SUCCESS));
            } finally {
                second.close();
            }
        } finally {
            first.close();
        }
    }

    private static io.cometmq.namesrv.NameServer startNameServer(int port) throws Exception {
        io.cometmq.namesrv.NameServer server = new io.cometmq.namesrv.NameServer(
                io.cometmq.namesrv.NameServerConfig.from(io.cometmq.protocol.config.Settings.fromMap(Map.of(
                        "listenHost", "127.0.0.1", "listenPort", Integer.toString(port)), "test")),
                java.time.Clock.systemUTC());
        server.start();
        return server;
    }

    private Path writeRole(RoleAssignment assignment) throws Exception {
        Path file = dir.resolve("role.properties");
        Path tmp = dir.resolve("role.properties.tmp");
        Files.writeString(tmp, assignment.render(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private static Map<String, String> managed(Path roleFile, String member, long slaveId) {
        return Map.of("roleFile", roleFile.toString(), "memberName", member, "brokerId", Long.toString(slaveId),
                "masterLeaseMillis", Long.toString(LEASE_MILLIS));
    }

    private static void awaitRole(HaCluster ha, BrokerProcess broker, String role, int epoch, boolean writable) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .untilAsserted(() -> assertThat(ha.runtime(broker))
                        .containsEntry(RuntimeInfoKeys.BROKER_ROLE, role)
                        .containsEntry(RuntimeInfoKeys.CONTROLLER_EPOCH, Integer.toString(epoch))
                        .containsEntry(RuntimeInfoKeys.MASTER_WRITABLE, Boolean.toString(writable)));
    }

    private static void unregister(HaCluster ha, String brokerName, BrokerProcess broker) throws Exception {
        RemotingCommand response = ha.client.invokeSync(ha.nameServer(), RemotingCommand.request(
                RequestCode.UNREGISTER_BROKER, new UnregisterBrokerRequestHeader(brokerName, broker.address(),
                        "TestCluster", 0).encode()), 5_000);
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
    }

    private static RemotingCommand promote(HaCluster ha, BrokerProcess slave, String role, int epoch,
            long minOffset, boolean force) throws Exception {
        return ha.client.invokeSync(slave.address(), RemotingCommand.request(RequestCode.PROMOTE_SLAVE_TO_MASTER,
                new PromoteSlaveToMaster(role, force, epoch, minOffset).encode()), 15_000);
    }

    private static RemotingCommand demote(HaCluster ha, BrokerProcess master, int epoch) throws Exception {
        return ha.client.invokeSync(master.address(), RemotingCommand.request(RequestCode.DEMOTE_MASTER_TO_SLAVE,
                new DemoteMasterToSlave(epoch).encode()), 15_000);
    }

    /** A raw SEND_MESSAGE (V1 header) straight to one broker, bypassing routes. */
    private static RemotingCommand rawSend(String topic, String body) {
        SendMessageHeaders.Request header = new SendMessageHeaders.Request("managed-raw", topic, "TBW102", 4, 0, 0,
                System.currentTimeMillis(), 0, "", 0, null, false);
        return RemotingCommand.request(RequestCode.SEND_MESSAGE, header.encodeV1()).body(bytes(body));
    }

    /** A sync send retried while it fails (the producer may still route to the old master); must end SEND_OK. */
    private static SendResult sendOk(DefaultMQProducer producer, String topic, String body) {
        SendResult result = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> producer.send(new Message(topic, bytes(body))), r -> true);
        assertThat(result.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        return result;
    }

    private static String storeAddress(SendResult result) throws Exception {
        java.net.InetSocketAddress address = (java.net.InetSocketAddress) org.apache.rocketmq.common.message
                .MessageDecoder.decodeMessageId(result.getOffsetMsgId()).getAddress();
        return address.getHostString() + ":" + address.getPort();
    }
}
