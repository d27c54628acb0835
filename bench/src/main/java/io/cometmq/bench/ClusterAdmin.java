package io.cometmq.bench;

import io.cometmq.bench.ClusterLayout.BrokerNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/** The Apache admin tool (what mqadmin uses) against one cluster: registration checks and topics. */
final class ClusterAdmin implements AutoCloseable {

    /** Lets a wait loop fail fast when a cluster process has died. */
    interface LivenessCheck {
        void ensureAlive() throws ClusterProcess.StartupException;
    }

    private final DefaultMQAdminExt admin;

    ClusterAdmin(String namesrvAddr, String instanceName, org.apache.rocketmq.remoting.RPCHook rpcHook)
            throws Exception {
        this(namesrvAddr, instanceName, rpcHook, 5_000);
    }

    /** {@code timeoutMillis}: per admin call (a batch of 100 topics can take seconds on a busy box). */
    ClusterAdmin(String namesrvAddr, String instanceName, org.apache.rocketmq.remoting.RPCHook rpcHook,
            long timeoutMillis) throws Exception {
        admin = rpcHook == null ? new DefaultMQAdminExt(timeoutMillis)
                : new DefaultMQAdminExt(rpcHook, timeoutMillis);
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName(instanceName);
        admin.setVipChannelEnabled(false);
        admin.start();
    }

    /** Creates the normal user of ACL runs on every master, allowed Pub and Sub on {@link BenchAuth#appResources}. */
    void createAppUser(java.util.Collection<String> masterAddrs) throws Exception {
        for (String addr : masterAddrs) {
            admin.createUser(addr, BenchAuth.APP, BenchAuth.APP_PASSWORD, "Normal");
            admin.createAcl(addr, "User:" + BenchAuth.APP, BenchAuth.appResources(), List.of("Pub", "Sub"),
                    List.of(), "Allow");
        }
    }

    /** Waits until the NameServer lists every broker of the layout; returns brokerName -> master address. */
    Map<String, String> awaitBrokers(ClusterLayout layout, Instant deadline, LivenessCheck liveness)
            throws Exception {
        String lastProblem = "no answer yet";
        while (true) {
            liveness.ensureAlive();
            try {
                ClusterInfo info = admin.examineBrokerClusterInfo();
                List<String> missing = missingBrokers(layout, info);
                if (missing.isEmpty()) {
                    return layout.masters().stream().collect(Collectors.toMap(BrokerNode::brokerName,
                            m -> info.getBrokerAddrTable().get(m.brokerName()).getBrokerAddrs().get(0L)));
                }
                lastProblem = "not registered yet: " + missing;
            } catch (Exception e) {
                lastProblem = e.toString();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ClusterProcess.StartupException(
                        "brokers did not register with the NameServer in time (" + lastProblem + ")");
            }
            Thread.sleep(250);
        }
    }

    private static List<String> missingBrokers(ClusterLayout layout, ClusterInfo info) {
        List<String> missing = new ArrayList<>();
        for (BrokerNode node : layout.brokers()) {
            BrokerData data = info.getBrokerAddrTable() == null ? null
                    : info.getBrokerAddrTable().get(node.brokerName());
            if (data == null || data.getBrokerAddrs() == null
                    || !data.getBrokerAddrs().containsKey((long) node.brokerId())) {
                missing.add(node.id());
            }
        }
        return missing;
    }

    /** Creates the topic on every master and waits until the NameServer routes it to all of them. */
    void createTopic(String topic, int queues, Map<String, String> masterAddrs, Instant deadline)
            throws Exception {
        TopicConfig config = new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
        for (String addr : masterAddrs.values()) {
            admin.createAndUpdateTopicConfig(addr, config);
        }
        awaitRoute(topic, queues, masterAddrs.keySet(), deadline);
    }

    private void awaitRoute(String topic, int queues, Set<String> brokerNames, Instant deadline) throws Exception {
        String lastProblem = "no route yet";
        while (true) {
            try {
                TopicRouteData route = admin.examineTopicRouteInfo(topic);
                Set<String> routed = route.getQueueDatas().stream()
                        .filter(q -> q.getWriteQueueNums() == queues)
                        .map(QueueData::getBrokerName)
                        .collect(Collectors.toSet());
                if (routed.containsAll(brokerNames)) {
                    return;
                }
                lastProblem = "routed to " + routed;
            } catch (Exception e) {
                lastProblem = e.toString();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topic " + topic + " not routable in time: " + lastProblem);
            }
            Thread.sleep(200);
        }
    }

    /** Topics per UPDATE_AND_CREATE_TOPIC_LIST request: one request must stay well under the 4 MiB frame limit. */
    private static final int TOPICS_PER_BATCH = 100;

    /**
     * Creates many topics at once: batched {@code createAndUpdateTopicConfigList} calls on every master, several in
     * flight, then waits until the NameServer routes each of them (route checks in parallel too). Returns the
     * wall time in ms.
     */
    long createTopics(List<String> topics, int queues, Map<String, String> masterAddrs, Instant deadline)
            throws Exception {
        if (topics.size() == 1) {
            long t0 = System.nanoTime();
            createTopic(topics.get(0), queues, masterAddrs, deadline);
            return (System.nanoTime() - t0) / 1_000_000;
        }
        long t0 = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
            for (int from = 0; from < topics.size(); from += TOPICS_PER_BATCH) {
                List<TopicConfig> batch = topics.subList(from, Math.min(topics.size(), from + TOPICS_PER_BATCH))
                        .stream().map(t -> new TopicConfig(t, queues, queues,
                                PermName.PERM_READ | PermName.PERM_WRITE)).toList();
                for (String addr : masterAddrs.values()) {
                    calls.add(pool.submit(() -> {
                        admin.createAndUpdateTopicConfigList(addr, batch);
                        return null;
                    }));
                }
            }
            for (java.util.concurrent.Future<?> call : calls) {
                call.get();
            }
            List<java.util.concurrent.Future<?>> routes = new ArrayList<>();
            for (String topic : topics) {
                routes.add(pool.submit(() -> {
                    awaitRoute(topic, queues, masterAddrs.keySet(), deadline);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> route : routes) {
                route.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Messages stored in all these topics, or -1 if the broker cannot tell for one of them. */
    long storedMessages(List<String> topics) throws Exception {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(8);
        try {
            long[] counts = pool.submit(() -> topics.parallelStream().mapToLong(this::storedMessages).toArray())
                    .get();
            return java.util.Arrays.stream(counts).anyMatch(c -> c < 0) ? -1
                    : java.util.Arrays.stream(counts).sum();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Creates a consumer group on every master. gRPC targets need it before a PushConsumer starts: Apache's proxy
     * answers the Settings of an unknown group without a retry policy, and the SDK then refuses to start.
     */
    void createGroup(String group, java.util.Collection<String> masterAddrs) throws Exception {
        org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig config =
                new org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig();
        config.setGroupName(group);
        for (String addr : masterAddrs) {
            admin.createAndUpdateSubscriptionGroupConfig(addr, config);
        }
    }

    /** Messages stored in the topic (sum of queue max offsets), or -1 if the broker cannot tell. */
    long storedMessages(String topic) {
        try {
            return admin.examineTopicStats(topic).getOffsetTable().values().stream()
                    .mapToLong(TopicOffset::getMaxOffset)
                    .sum();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.shutdown();
    }
}
