package io.cometmq.bench.scale;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * One product's NameServer holding many topics on several broker groups. The groups' registrations are sent by the
 * driver with Apache's remoting client and body encoding (the same bytes for both NameServers: the NameServer is
 * what is measured), then route queries through the Apache admin client ({@code MQClientAPIImpl}) are timed.
 */
final class NameServerScale {

    record Result(String product, int topics, int groups, int registerBodyBytes, double firstRegisterMillis,
            double reRegisterMillis, int routeQueries, Histogram routeMicros, int routeBodyBytes,
            Histogram topicListMicros, int topicListBodyBytes, long heapAfterGcKib, long rssKib) {
    }

    private final Product product;
    private final Path dir;
    private final int topics;
    private final int groups;
    private final int queries;

    NameServerScale(Product product, Path dir, int topics, int groups, int queries) {
        this.product = product;
        this.dir = dir;
        this.topics = topics;
        this.groups = groups;
        this.queries = queries;
    }

    Result run() throws Exception {
        int port = Ports.allocate(0, 0);
        String addr = "127.0.0.1:" + port;
        try (ChildJvm nameServer = product.startNameServer(dir, "namesrv-routes", port)) {
            Ports.await(nameServer, port, Instant.now().plusSeconds(90));
            NettyRemotingClient brokers = new NettyRemotingClient(new NettyClientConfig());
            brokers.start(); // its connection stays open: a closed one unregisters the groups
            DefaultMQAdminExt admin = Admins.start(addr);
            try (FrameTap tap = new FrameTap(port)) {
                byte[] body = registerBody();
                long first = 0;
                long again = 0;
                for (int round = 0; round < 2; round++) {
                    for (int g = 0; g < groups; g++) {
                        long start = System.nanoTime();
                        RemotingCommand response = brokers.invokeSync(addr, registration(g, body), 60_000);
                        if (response.getCode() != ResponseCode.SUCCESS) {
                            throw new IllegalStateException(product.name() + " NameServer refused registration: "
                                    + response.getCode() + " " + response.getRemark());
                        }
                        if (round == 0) {
                            first += System.nanoTime() - start;
                        } else {
                            again += System.nanoTime() - start;
                        }
                    }
                }
                Histogram routes = new Histogram(3);
                for (int i = 0; i < queries + 1000; i++) { // the first 1,000 warm up
                    String topic = TopicScale.topicName(ThreadLocalRandom.current().nextInt(topics));
                    long start = System.nanoTime();
                    if (admin.examineTopicRouteInfo(topic).getQueueDatas().size() != groups) {
                        throw new IllegalStateException(topic + " is not on all " + groups + " groups");
                    }
                    if (i >= 1000) {
                        routes.recordValue((System.nanoTime() - start) / 1000);
                    }
                }
                Histogram lists = new Histogram(3);
                for (int i = 0; i < 25; i++) {
                    long start = System.nanoTime();
                    int listed = admin.fetchAllTopicList().getTopicList().size();
                    if (listed < topics) {
                        throw new IllegalStateException("the topic list has " + listed + " topics, not " + topics);
                    }
                    if (i >= 5) {
                        lists.recordValue((System.nanoTime() - start) / 1000);
                    }
                }
                // one of each through the tap, for the response sizes on the wire
                DefaultMQAdminExt tapped = Admins.start(tap.address());
                try {
                    tapped.examineTopicRouteInfo(TopicScale.topicName(0));
                    tapped.fetchAllTopicList();
                } finally {
                    tapped.shutdown();
                }
                int routeBytes = Admins.await(() -> last(tap, RequestCode.GET_ROUTEINFO_BY_TOPIC),
                        Instant.now().plusSeconds(10), "the tapped route query");
                int listBytes = Admins.await(() -> last(tap, RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER),
                        Instant.now().plusSeconds(10), "the tapped topic list");
                long heap = nameServer.heapUsedAfterGcKib();
                return new Result(product.name(), topics, groups, body.length, first / 1e6 / groups,
                        again / 1e6 / groups, queries, routes, routeBytes, lists, listBytes, heap,
                        nameServer.rssKib());
            } finally {
                admin.shutdown();
                brokers.shutdown();
            }
        }
    }

    private static Integer last(FrameTap tap, int code) {
        List<FrameTap.Exchange> seen = tap.exchanges(code);
        return seen.isEmpty() ? null : seen.get(seen.size() - 1).responseBody();
    }

    /** Every topic, 8 queues, on every group: what {@code updateTopic -c cluster} makes. */
    private byte[] registerBody() {
        ConcurrentMap<String, TopicConfig> table = new ConcurrentHashMap<>();
        for (int i = 0; i < topics; i++) {
            table.put(TopicScale.topicName(i), new TopicConfig(TopicScale.topicName(i), 8, 8, 6));
        }
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        wrapper.setTopicConfigTable(table);
        DataVersion version = new DataVersion();
        version.nextVersion();
        wrapper.setDataVersion(version);
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        return body.encode(false);
    }

    private static RemotingCommand registration(int group, byte[] body) {
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setBrokerName("scale-group-" + group);
        header.setBrokerAddr("127.0.0.1:" + (40000 + group)); // never connected to: the NameServer is measured
        header.setClusterName("ScaleCluster");
        header.setHaServerAddr("127.0.0.1:" + (41000 + group));
        header.setBrokerId(0L);
        header.setHeartbeatTimeoutMillis(120_000L);
        header.setCompressed(false);
        header.setBodyCrc32(UtilAll.crc32(body));
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, header);
        request.setBody(body);
        return request;
    }

    static List<String> rows(List<Result> results) {
        return results.stream().map(r -> String.format(
                "| %s | %,d × %d groups | %,d | %.1f / %.1f | %,d | %,d / %,d / %,d | %,d | %.1f / %.1f | %,d | %,d | %,d |",
                r.product(), r.topics(), r.groups(), r.registerBodyBytes(), r.firstRegisterMillis(),
                r.reRegisterMillis(), r.routeQueries(), r.routeMicros().getValueAtPercentile(50),
                r.routeMicros().getValueAtPercentile(99), r.routeMicros().getMaxValue(), r.routeBodyBytes(),
                r.topicListMicros().getValueAtPercentile(50) / 1000.0,
                r.topicListMicros().getValueAtPercentile(99) / 1000.0, r.topicListBodyBytes(),
                r.heapAfterGcKib() / 1024, r.rssKib() / 1024)).toList();
    }
}
