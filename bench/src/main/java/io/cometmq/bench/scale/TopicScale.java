package io.cometmq.bench.scale;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * One product with many topics: a broker creates them one admin call at a time (timed per slice, so growth worse
 * than linear shows), its full REGISTER_BROKER is read off the wire, then it is stopped (SIGTERM) and started again
 * on the same store against a fresh NameServer: time to "the NameServer routes its last topic", heap after a full
 * GC and RSS. The restarted broker and NameServer then serve the idle-connection measurement.
 */
final class TopicScale {

    static final String BROKER_NAME = "scale-broker";

    record Result(String product, int topics, int queues, List<Long> sliceMillis, int sliceSize,
            int createdByList, long registerBodyBytes, boolean registerCompressed, long registerMillis,
            Duration shutdown, Duration startToRouted, long heapAfterGcKib, long rssKib,
            List<ConnectionCost.Result> connections) {

        long createMillis() {
            return sliceMillis.stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Product product;
    private final Path dir;
    private final int topics;
    private final int queues;
    private final Duration createBudget;
    private final int connections;

    TopicScale(Product product, Path dir, int topics, int queues, Duration createBudget, int connections) {
        this.product = product;
        this.dir = dir;
        this.topics = topics;
        this.queues = queues;
        this.createBudget = createBudget;
        this.connections = connections;
    }

    static String topicName(int i) {
        return String.format("scale_topic_%05d", i);
    }

    Result run() throws Exception {
        Path store = dir.resolve("store");
        int brokerPort = Ports.allocate(2, 1);
        String brokerAddr = "127.0.0.1:" + brokerPort;
        List<Long> slices = new ArrayList<>();
        int sliceSize = Math.max(1, topics / 10);
        int byList = 0;
        FrameTap.Exchange fullRegistration;
        Duration shutdown;
        int nsPort = Ports.allocate(0, 0);
        try (ChildJvm nameServer = product.startNameServer(dir, "namesrv-create", nsPort)) {
            Ports.await(nameServer, nsPort, Instant.now().plusSeconds(90));
            try (FrameTap tap = new FrameTap(nsPort);
                    ChildJvm broker = product.startBroker(dir, "broker-create",
                            Product.brokerConfig(BROKER_NAME, tap.address(), brokerPort, store))) {
                DefaultMQAdminExt admin = Admins.start("127.0.0.1:" + nsPort);
                try {
                    Admins.awaitRoute(admin, null, broker, Instant.now().plusSeconds(120));
                    long budgetEnd = System.nanoTime() + createBudget.toNanos();
                    for (int from = 0; from < topics; from += sliceSize) {
                        int to = Math.min(topics, from + sliceSize);
                        long start = System.nanoTime();
                        if (start < budgetEnd) {
                            for (int i = from; i < to; i++) {
                                admin.createAndUpdateTopicConfig(brokerAddr, config(i));
                            }
                        } else { // over budget: the rest as lists (UPDATE_AND_CREATE_TOPIC_LIST), said in the report
                            List<TopicConfig> list = new ArrayList<>();
                            for (int i = from; i < to; i++) {
                                list.add(config(i));
                            }
                            admin.createAndUpdateTopicConfigList(brokerAddr, list);
                            byList += list.size();
                        }
                        slices.add((System.nanoTime() - start) / 1_000_000);
                        System.err.printf("[scale] %s: %,d topics created, last %,d in %,d ms%n", product.name(), to,
                                to - from, slices.get(slices.size() - 1));
                    }
                    long createdAt = System.nanoTime();
                    fullRegistration = Admins.await(() -> tap.exchanges(RequestCode.REGISTER_BROKER).stream()
                            // a full one: an increment sent after the last answer carries a topic or two
                            .filter(e -> e.sentNanos() > createdAt && (e.compressed() || e.requestBody() > topics * 10))
                            .findFirst().orElse(null),
                            Instant.now().plusSeconds(60), "a full REGISTER_BROKER after the topics were created");
                } finally {
                    admin.shutdown();
                }
                shutdown = broker.terminate(Duration.ofSeconds(90));
            }
        }

        int ns2Port = Ports.allocate(0, 0);
        try (ChildJvm nameServer = product.startNameServer(dir, "namesrv-restart", ns2Port)) {
            Ports.await(nameServer, ns2Port, Instant.now().plusSeconds(90));
            DefaultMQAdminExt admin = Admins.start("127.0.0.1:" + ns2Port);
            try (ChildJvm broker = product.startBroker(dir, "broker-restart",
                    Product.brokerConfig(BROKER_NAME, "127.0.0.1:" + ns2Port, brokerPort, store))) {
                Admins.awaitRoute(admin, topicName(topics - 1), broker, Instant.now().plusSeconds(300));
                Duration startToRouted = Duration.ofNanos(System.nanoTime() - broker.startedNanos());
                long heap = broker.heapUsedAfterGcKib();
                long rss = broker.rssKib();
                List<ConnectionCost.Result> connectionCosts = new ArrayList<>();
                if (connections > 0) {
                    connectionCosts.add(ConnectionCost.measure("broker", broker, brokerPort, connections, dir));
                    connectionCosts.add(ConnectionCost.measure("NameServer", nameServer, ns2Port, connections, dir));
                }
                return new Result(product.name(), topics, queues, slices, sliceSize, byList,
                        fullRegistration.requestBody(), fullRegistration.compressed(),
                        (fullRegistration.answeredNanos() - fullRegistration.sentNanos()) / 1_000_000, shutdown,
                        startToRouted, heap, rss, connectionCosts);
            } finally {
                admin.shutdown();
            }
        }
    }

    private TopicConfig config(int i) {
        return new TopicConfig(topicName(i), queues, queues, 6);
    }

    static List<String> rows(List<Result> results) {
        return results.stream().map(r -> String.format(
                "| %s | %,d × %d | %.1f | %,d / %,d%s | %,d%s | %,d | %.1f | %.1f | %,d | %,d |",
                r.product(), r.topics(), r.queues(), r.createMillis() / 1000.0, r.sliceMillis().get(0),
                r.sliceMillis().get(r.sliceMillis().size() - 1),
                r.createdByList() > 0 ? " (" + r.createdByList() + " by list)" : "",
                r.registerBodyBytes(), r.registerCompressed() ? " (compressed)" : "", r.registerMillis(),
                r.shutdown().toMillis() / 1000.0, r.startToRouted().toMillis() / 1000.0, r.heapAfterGcKib() / 1024,
                r.rssKib() / 1024)).toList();
    }
}
