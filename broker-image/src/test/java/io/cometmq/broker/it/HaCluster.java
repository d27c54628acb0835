package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.netty.RemotingClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * A NameServer in this JVM plus master/slave broker JVMs ({@link BrokerProcess}) of one broker name, and the raw
 * remoting calls the replication ITs check them with (runtime info, promotion, offsets, commit-log bytes).
 */
final class HaCluster implements AutoCloseable {

    static final int SEGMENT = 16 * 1024 * 1024;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HaCluster.class);
    private static final java.util.regex.Pattern REPLICATION_LINES = java.util.regex.Pattern.compile(
            "\\.ha\\.|promot|truncat|diverg|recovered|listening on|WARN|ERROR");

    final LocalCluster cluster;
    final RemotingClient client = new RemotingClient();
    private final Path dir;
    private final List<BrokerProcess> processes = new ArrayList<>();

    HaCluster(Path dir) throws Exception {
        this.dir = dir;
        this.cluster = new LocalCluster(dir.resolve("namesrv"));
    }

    String nameServer() {
        return cluster.nameServerAddr();
    }

    /** A broker JVM (not started) with its own directory, store and HA port; {@code extra} as in BrokerProcess. */
    BrokerProcess broker(String id, String brokerName, String role, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerRole", role);
        settings.put("brokerId", "SLAVE".equals(role) ? "1" : "0");
        settings.put("haListenPort", Integer.toString(freePort()));
        settings.put("mappedFileSizeCommitLog", Integer.toString(SEGMENT));
        settings.put("slaveMetadataSyncInterval", "500");
        settings.put("flushConsumerOffsetInterval", "500");
        settings.putAll(extra);
        Path work = dir.resolve(id);
        try {
            java.nio.file.Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BrokerProcess process = new BrokerProcess(work, brokerName, nameServer(), settings);
        processes.add(process);
        return process;
    }

    static Path commitLogDir(BrokerProcess broker) {
        return broker.log().getParent().resolve("store").resolve("commitlog");
    }

    /** GET_BROKER_RUNTIME_INFO as a map. */
    Map<String, String> runtime(BrokerProcess broker) throws Exception {
        RemotingCommand response = client.invokeSync(broker.address(),
                RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 5_000);
        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        JsonNode table = Json.mapper().readTree(response.body()).path("table");
        Map<String, String> info = new HashMap<>();
        table.fields().forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
        return info;
    }

    long runtimeLong(BrokerProcess broker, String key) throws Exception {
        String value = runtime(broker).get(key);
        assertThat(value).as("runtime info %s of %s", key, broker.address()).isNotNull();
        return Long.parseLong(value);
    }

    long maxOffset(BrokerProcess broker) throws Exception {
        return runtimeLong(broker, "commitLogMaxOffset");
    }

    /** Waits until the master has a replication connection from a slave. */
    void awaitSlaveConnected(BrokerProcess master) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> runtimeLong(master, "haSlaveCount") >= 1);
    }

    /** Waits until the slave is connected and holds exactly the master's log. */
    void awaitCaughtUp(BrokerProcess master, BrokerProcess slave) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> "true".equals(runtime(slave).get("haMasterConnected"))
                        && maxOffset(slave) == maxOffset(master)
                        && runtimeLong(slave, "haReplicationLagBytes") == 0);
    }

    RemotingCommand promote(BrokerProcess slave, String role, boolean force) throws Exception {
        return client.invokeSync(slave.address(), RemotingCommand.request(RequestCode.PROMOTE_SLAVE_TO_MASTER,
                Map.of("role", role, "force", Boolean.toString(force))), 15_000);
    }

    /** A queue's max offset on one broker (GET_MAX_OFFSET). */
    long queueMax(BrokerProcess broker, String topic, int queueId) throws Exception {
        RemotingCommand response = client.invokeSync(broker.address(), RemotingCommand.request(
                RequestCode.GET_MAX_OFFSET, Map.of("topic", topic, "queueId", Integer.toString(queueId))), 5_000);
        return response.code() == ResponseCode.SUCCESS ? Long.parseLong(response.field("offset")) : -1;
    }

    /** A group's committed offset on one broker, or -1 (QUERY_CONSUMER_OFFSET, no zero-if-not-found). */
    long committed(BrokerProcess broker, String group, String topic, int queueId) throws Exception {
        RemotingCommand response = client.invokeSync(broker.address(), RemotingCommand.request(
                RequestCode.QUERY_CONSUMER_OFFSET, Map.of("consumerGroup", group, "topic", topic,
                        "queueId", Integer.toString(queueId), "setZeroIfNotFound", "false")), 5_000);
        return response.code() == ResponseCode.SUCCESS ? Long.parseLong(response.field("offset")) : -1;
    }

    long committedSum(BrokerProcess broker, String group, String topic, int queues) throws Exception {
        long sum = 0;
        for (int q = 0; q < queues; q++) {
            sum += Math.max(0, committed(broker, group, topic, q));
        }
        return sum;
    }

    long queueMaxSum(BrokerProcess broker, String topic, int queues) throws Exception {
        long sum = 0;
        for (int q = 0; q < queues; q++) {
            sum += Math.max(0, queueMax(broker, topic, q));
        }
        return sum;
    }

    /** The addresses the NameServer lists for a broker name in a topic's route (id → address). */
    Map<Long, String> routeAddrs(String topic, String brokerName) throws Exception {
        DefaultMQAdminExt admin = cluster.admin();
        try {
            TopicRouteData route = admin.examineTopicRouteInfo(topic);
            for (BrokerData data : route.getBrokerDatas()) {
                if (data.getBrokerName().equals(brokerName)) {
                    return new HashMap<>(data.getBrokerAddrs());
                }
            }
            return Map.of();
        } finally {
            admin.shutdown();
        }
    }

    /** A started producer that refreshes routes every second and never retries on its own. */
    DefaultMQProducer producer(String group) throws Exception {
        DefaultMQProducer producer = Clients.unstartedProducer(nameServer(), group);
        producer.setPollNameServerInterval(1000);
        producer.setSendMsgTimeout(6000);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.start();
        return producer;
    }

    /**
     * Asserts the two brokers' commit logs hold the same bytes in [0, end): reads the segment files of both store
     * directories (the brokers may still run: their writes are in the shared page cache).
     */
    static void assertSameCommitLog(BrokerProcess a, BrokerProcess b, long end) throws IOException {
        Path dirA = commitLogDir(a);
        Path dirB = commitLogDir(b);
        ByteBuffer bufA = ByteBuffer.allocate(1 << 20);
        ByteBuffer bufB = ByteBuffer.allocate(1 << 20);
        for (long base = 0; base < end; base += SEGMENT) {
            String name = String.format("%020d", base);
            long length = Math.min(SEGMENT, end - base);
            try (FileChannel fa = FileChannel.open(dirA.resolve(name), StandardOpenOption.READ);
                    FileChannel fb = FileChannel.open(dirB.resolve(name), StandardOpenOption.READ)) {
                for (long pos = 0; pos < length; pos += bufA.capacity()) {
                    int size = (int) Math.min(bufA.capacity(), length - pos);
                    readFully(fa, bufA, pos, size);
                    readFully(fb, bufB, pos, size);
                    int mismatch = bufA.mismatch(bufB);
                    assertThat(mismatch).as("first differing byte of the commit logs at offset %d (%s vs %s)",
                            base + pos + Math.max(mismatch, 0), dirA, dirB).isEqualTo(-1);
                }
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, int size)
            throws IOException {
        buffer.clear().limit(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("commit-log file ends before " + (position + size));
            }
        }
        buffer.flip();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        processes.forEach(BrokerProcess::close);
        for (BrokerProcess process : processes) {
            // the replication story of each broker, for whoever reads a failure report
            process.logText().lines().filter(line -> REPLICATION_LINES.matcher(line).find())
                    .forEach(line -> LOG.info("{} | {}", process.address(), line));
        }
        client.close();
        cluster.close();
    }
}
