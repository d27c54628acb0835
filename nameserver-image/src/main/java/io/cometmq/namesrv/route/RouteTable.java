package io.cometmq.namesrv.route;

import io.cometmq.protocol.body.BrokerData;
import io.cometmq.protocol.body.ClusterInfo;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.QueueData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicRouteData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The NameServer's whole state, rebuilt purely from broker registrations: which clusters have which broker
 * groups, where each group's brokers are, which groups serve each topic, and when each broker was last heard
 * from. No I/O; time comes from an injected clock so expiry is testable without waiting.
 */
public final class RouteTable {

    /** One broker group (a brokerName): its cluster and addresses by broker id. */
    private static final class BrokerGroup {
        final String cluster;
        final TreeMap<Long, String> addrs = new TreeMap<>();
        boolean enableActingMaster;

        BrokerGroup(String cluster) {
            this.cluster = cluster;
        }

        BrokerData toData(String brokerName) {
            return new BrokerData(cluster, brokerName, addrs, enableActingMaster, null);
        }
    }

    private final Clock clock;
    private final long defaultTimeoutMillis;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Set<String>> clusters = new TreeMap<>();
    private final Map<String, BrokerGroup> groups = new TreeMap<>();
    private final Map<String, Map<String, QueueData>> topics = new TreeMap<>();
    private final Map<String, BrokerLiveness> live = new HashMap<>();
    private final MasterEpochs masterEpochs = new MasterEpochs();

    public RouteTable(Clock clock, long defaultTimeoutMillis) {
        this.clock = clock;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
    }

    /**
     * Records a registration (first one or a periodic re-registration) made over {@code connection}.
     * Queue data comes from the master, or from the lowest-id slave while the group has no master, and is
     * replaced only when the broker is new or its topic table's version changed.
     */
    public RegistrationResult register(BrokerRegistration registration, Object connection) {
        long now = clock.millis();
        lock.writeLock().lock();
        try {
            String addr = registration.brokerAddr();
            if (masterEpochs.refuses(registration.brokerName(), registration.brokerId(),
                    registration.controllerEpoch())) {
                return refusal(registration.brokerName(), addr);
            }
            if (registration.isMaster() && registration.controllerEpoch() != null) {
                masterEpochs.raise(registration.brokerName(), registration.controllerEpoch());
            }
            clusters.computeIfAbsent(registration.clusterName(), k -> new TreeSet<>()).add(registration.brokerName());
            BrokerGroup group = groups.computeIfAbsent(registration.brokerName(),
                    k -> new BrokerGroup(registration.clusterName()));
            group.enableActingMaster = registration.enableActingMaster();
            // One address holds one id: a slave promoted to master re-registers under id 0.
            group.addrs.entrySet().removeIf(e -> e.getValue().equals(addr) && e.getKey() != registration.brokerId());
            String previous = group.addrs.put(registration.brokerId(), addr);
            if (previous != null && !previous.equals(addr)) {
                live.remove(previous);
            }

            BrokerLiveness before = live.get(addr);
            boolean changed = before == null || !before.dataVersion().equals(registration.dataVersion());
            if (providesQueueData(group, registration.brokerId())) {
                for (TopicConfig topic : registration.topics().values()) {
                    Map<String, QueueData> queues = topics.computeIfAbsent(topic.topicName(), k -> new TreeMap<>());
                    if (changed || !queues.containsKey(registration.brokerName())) {
                        queues.put(registration.brokerName(), new QueueData(registration.brokerName(),
                                topic.readQueueNums(), topic.writeQueueNums(), topic.perm(), topic.topicSysFlag()));
                    }
                }
            }
            long timeout = registration.timeoutMillis() == null || registration.timeoutMillis() <= 0
                    ? defaultTimeoutMillis : registration.timeoutMillis();
            live.put(addr, new BrokerLiveness(registration.clusterName(), registration.brokerName(),
                    registration.brokerId(), registration.haServerAddr(), now, timeout, registration.dataVersion(),
                    connection, registration.externalAddr()));

            if (registration.isMaster()) {
                return new RegistrationResult(null, null, epochFor(registration), false);
            }
            String masterAddr = group.addrs.get(0L);
            BrokerLiveness master = masterAddr == null ? null : live.get(masterAddr);
            return master == null ? new RegistrationResult(null, null, epochFor(registration), false)
                    : new RegistrationResult(masterAddr, master.haServerAddr(), epochFor(registration), false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A managed broker's lease heartbeat (BROKER_HEARTBEAT with a controller epoch): refreshes its liveness and
     * answers like a registration. Null when the broker is not registered as it claims (not at all, or not under
     * brokerId 0 while claiming it): it must register in full.
     */
    public RegistrationResult heartbeat(String brokerName, String brokerAddr, long brokerId, int controllerEpoch) {
        lock.writeLock().lock();
        try {
            if (masterEpochs.refuses(brokerName, brokerId, controllerEpoch)) {
                return refusal(brokerName, brokerAddr);
            }
            BrokerLiveness liveness = live.get(brokerAddr);
            if (liveness == null || !liveness.brokerName().equals(brokerName) || liveness.brokerId() != brokerId) {
                return null;
            }
            live.put(brokerAddr, liveness.touchedAt(clock.millis()));
            if (brokerId == 0) {
                masterEpochs.raise(brokerName, controllerEpoch);
                return new RegistrationResult(null, null, masterEpochs.highest(brokerName), false);
            }
            return withMaster(brokerName, false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The highest master epoch of {@code brokerName}, or null (none known). */
    public Integer highestMasterEpoch(String brokerName) {
        lock.readLock().lock();
        try {
            return masterEpochs.highest(brokerName);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Write lock held. The refused broker loses any place it still had as master; the answer names the master. */
    private RegistrationResult refusal(String brokerName, String addr) {
        BrokerGroup group = groups.get(brokerName);
        if (group != null && addr.equals(group.addrs.get(0L))) {
            live.remove(addr);
            removeAddress(brokerName, 0, addr);
        }
        return withMaster(brokerName, true);
    }

    /** Write lock held. */
    private RegistrationResult withMaster(String brokerName, boolean refused) {
        BrokerGroup group = groups.get(brokerName);
        String masterAddr = group == null ? null : group.addrs.get(0L);
        BrokerLiveness master = masterAddr == null ? null : live.get(masterAddr);
        Integer epoch = masterEpochs.highest(brokerName);
        return master == null ? new RegistrationResult(null, null, epoch, refused)
                : new RegistrationResult(masterAddr, master.haServerAddr(), epoch, refused);
    }

    /** Write lock held. Only brokers that send an epoch are told the group's (Apache brokers never see the field). */
    private Integer epochFor(BrokerRegistration registration) {
        return registration.controllerEpoch() == null ? null : masterEpochs.highest(registration.brokerName());
    }

    private static boolean providesQueueData(BrokerGroup group, long brokerId) {
        if (brokerId == 0) {
            return true;
        }
        return !group.addrs.containsKey(0L) && group.addrs.firstKey() == brokerId;
    }

    /** Removes a broker that said goodbye. Returns false when it was not registered. */
    public boolean unregister(String brokerName, String brokerAddr, long brokerId) {
        lock.writeLock().lock();
        try {
            boolean known = live.remove(brokerAddr) != null;
            return removeAddress(brokerName, brokerId, brokerAddr) || known;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops brokers silent for longer than their timeout; returns the dropped addresses. */
    public List<String> expireSilentBrokers() {
        long now = clock.millis();
        lock.writeLock().lock();
        try {
            List<String> expired = new ArrayList<>();
            for (Iterator<Map.Entry<String, BrokerLiveness>> it = live.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, BrokerLiveness> entry = it.next();
                if (entry.getValue().expiredAt(now)) {
                    it.remove();
                    removeAddress(entry.getValue().brokerName(), entry.getValue().brokerId(), entry.getKey());
                    expired.add(entry.getKey());
                }
            }
            return expired;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops every broker that registered over a connection that just closed; returns their addresses. */
    public List<String> connectionClosed(Object connection) {
        lock.writeLock().lock();
        try {
            List<String> dropped = new ArrayList<>();
            for (Iterator<Map.Entry<String, BrokerLiveness>> it = live.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, BrokerLiveness> entry = it.next();
                if (entry.getValue().connection() == connection) {
                    it.remove();
                    removeAddress(entry.getValue().brokerName(), entry.getValue().brokerId(), entry.getKey());
                    dropped.add(entry.getKey());
                }
            }
            return dropped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Refreshes a broker's liveness (BROKER_HEARTBEAT, QUERY_DATA_VERSION); false when it is not registered. */
    public boolean touch(String brokerAddr) {
        lock.writeLock().lock();
        try {
            BrokerLiveness liveness = live.get(brokerAddr);
            if (liveness == null) {
                return false;
            }
            live.put(brokerAddr, liveness.touchedAt(clock.millis()));
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The external address {@code brokerAddr} last registered, or null (none, or not registered). */
    public String externalAddrOf(String brokerAddr) {
        lock.readLock().lock();
        try {
            BrokerLiveness liveness = live.get(brokerAddr);
            return liveness == null ? null : liveness.externalAddr();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The topic-table version last registered from {@code brokerAddr}, or null. */
    public DataVersion dataVersionOf(String brokerAddr) {
        lock.readLock().lock();
        try {
            BrokerLiveness liveness = live.get(brokerAddr);
            return liveness == null ? null : liveness.dataVersion();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes one address of a group; the group, and its queue data, go when no address is left. */
    private boolean removeAddress(String brokerName, long brokerId, String addr) {
        BrokerGroup group = groups.get(brokerName);
        if (group == null) {
            return false;
        }
        boolean removed = addr.equals(group.addrs.get(brokerId)) && group.addrs.remove(brokerId) != null;
        if (!removed) {
            removed = group.addrs.values().removeIf(addr::equals);
        }
        if (group.addrs.isEmpty()) {
            groups.remove(brokerName);
            Set<String> names = clusters.get(group.cluster);
            if (names != null) {
                names.remove(brokerName);
                if (names.isEmpty()) {
                    clusters.remove(group.cluster);
                }
            }
            topics.values().forEach(queues -> queues.remove(brokerName));
            topics.values().removeIf(Map::isEmpty);
        }
        return removed;
    }

    /** The route of a topic with internal addresses, or null when no live broker group serves it. */
    public TopicRouteData route(String topic) {
        return route(topic, AddressSet.INTERNAL);
    }

    /**
     * The route of a topic with the addresses of {@code set}, or null when no live broker group serves it. In the
     * external set a group appears with the brokers that registered an external address; a group with none goes
     * together with its queue data, so a client never sees queues it has no broker address for.
     */
    public TopicRouteData route(String topic, AddressSet set) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topics.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            List<QueueData> queueDatas = new ArrayList<>();
            List<BrokerData> brokerDatas = new ArrayList<>();
            for (QueueData queue : queues.values()) {
                BrokerGroup group = groups.get(queue.brokerName());
                BrokerData data = group == null ? null : brokerData(queue.brokerName(), group, set);
                if (data != null) {
                    brokerDatas.add(data);
                    queueDatas.add(queue);
                } else if (set == AddressSet.INTERNAL) {
                    queueDatas.add(queue); // as before: queue data of a group that just went stays until cleaned
                }
            }
            queueDatas.sort(Comparator.comparing(QueueData::brokerName));
            if (brokerDatas.isEmpty()) {
                return null;
            }
            return new TopicRouteData(queueDatas, brokerDatas, Map.of(), null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every group with internal addresses. */
    public ClusterInfo clusterInfo() {
        return clusterInfo(AddressSet.INTERNAL);
    }

    /** Every group with the addresses of {@code set}; in the external set, groups without one are left out. */
    public ClusterInfo clusterInfo(AddressSet set) {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> brokers = new LinkedHashMap<>();
            groups.forEach((name, group) -> {
                BrokerData data = brokerData(name, group, set);
                if (data != null) {
                    brokers.put(name, data);
                }
            });
            Map<String, Set<String>> clusterNames = new LinkedHashMap<>();
            clusters.forEach((cluster, names) -> {
                Set<String> shown = new TreeSet<>(names);
                if (set == AddressSet.EXTERNAL) {
                    shown.retainAll(brokers.keySet());
                }
                if (!shown.isEmpty() || set == AddressSet.INTERNAL) {
                    clusterNames.put(cluster, shown);
                }
            });
            return new ClusterInfo(brokers, clusterNames);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Lock held. A group's broker data with the addresses of {@code set}; null when the set has none of its brokers
     * (possible only in the external set).
     */
    private BrokerData brokerData(String brokerName, BrokerGroup group, AddressSet set) {
        if (set == AddressSet.INTERNAL) {
            return group.toData(brokerName);
        }
        TreeMap<Long, String> external = new TreeMap<>();
        group.addrs.forEach((id, addr) -> {
            BrokerLiveness liveness = live.get(addr);
            if (liveness != null && liveness.externalAddr() != null) {
                external.put(id, liveness.externalAddr());
            }
        });
        return external.isEmpty() ? null
                : new BrokerData(group.cluster, brokerName, external, group.enableActingMaster, null);
    }

    public Set<String> allTopics() {
        lock.readLock().lock();
        try {
            return new TreeSet<>(topics.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics served by at least one broker group of {@code cluster}. */
    public Set<String> topicsOfCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = clusters.getOrDefault(cluster, Set.of());
            Set<String> result = new TreeSet<>();
            topics.forEach((topic, queues) -> {
                if (queues.keySet().stream().anyMatch(names::contains)) {
                    result.add(topic);
                }
            });
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics whose sysflag has every bit of {@code mask} set (unit topics) and none of {@code excluded}. */
    public Set<String> topicsWithSysFlag(int mask, int excluded) {
        lock.readLock().lock();
        try {
            Set<String> result = new TreeSet<>();
            topics.forEach((topic, queues) -> {
                if (queues.values().stream().anyMatch(q -> (q.topicSysFlag() & mask) == mask
                        && (q.topicSysFlag() & excluded) == 0)) {
                    result.add(topic);
                }
            });
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The per-cluster and per-broker-name topics tools use, plus any one internal broker address. */
    public Map.Entry<Set<String>, String> systemTopics() {
        return systemTopics(AddressSet.INTERNAL);
    }

    /** The per-cluster and per-broker-name topics tools use, plus any one broker address of {@code set}. */
    public Map.Entry<Set<String>, String> systemTopics(AddressSet set) {
        lock.readLock().lock();
        try {
            Set<String> names = new TreeSet<>(clusters.keySet());
            String anyAddr = null;
            for (Map.Entry<String, BrokerGroup> group : groups.entrySet()) {
                names.add(group.getKey());
                BrokerData data = anyAddr == null ? brokerData(group.getKey(), group.getValue(), set) : null;
                if (data != null && !data.brokerAddrs().isEmpty()) {
                    anyAddr = data.brokerAddrs().values().iterator().next();
                }
            }
            return Map.entry(names, anyAddr == null ? "" : anyAddr);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Deletes a topic everywhere, or only its queues on the broker groups of {@code cluster} when given. */
    public boolean deleteTopic(String topic, String cluster) {
        lock.writeLock().lock();
        try {
            if (cluster == null || cluster.isEmpty()) {
                return topics.remove(topic) != null;
            }
            Map<String, QueueData> queues = topics.get(topic);
            if (queues == null) {
                return false;
            }
            boolean removed = queues.keySet().removeAll(clusters.getOrDefault(cluster, Set.of()));
            if (queues.isEmpty()) {
                topics.remove(topic);
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces a topic's queue data with the given entries (REGISTER_TOPIC_IN_NAMESRV). */
    public void putTopic(String topic, List<QueueData> queueDatas) {
        lock.writeLock().lock();
        try {
            Map<String, QueueData> queues = new TreeMap<>();
            for (QueueData queue : queueDatas) {
                if (groups.containsKey(queue.brokerName())) {
                    queues.put(queue.brokerName(), queue);
                }
            }
            if (queues.isEmpty()) {
                throw new IllegalArgumentException("none of the route's broker names is registered");
            }
            topics.put(topic, queues);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Clears (or sets) the write permission of every queue of a broker group; returns the topics touched. */
    public int setWritePermission(String brokerName, boolean writable) {
        lock.writeLock().lock();
        try {
            int count = 0;
            for (Map<String, QueueData> queues : topics.values()) {
                QueueData queue = queues.get(brokerName);
                if (queue != null) {
                    int perm = writable ? queue.perm() | TopicConfig.PERM_WRITE : queue.perm() & ~TopicConfig.PERM_WRITE;
                    queues.put(brokerName, new QueueData(brokerName, queue.readQueueNums(), queue.writeQueueNums(),
                            perm, queue.topicSysFlag()));
                    count++;
                }
            }
            return count;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Number of live broker addresses. */
    public int liveBrokerCount() {
        lock.readLock().lock();
        try {
            return live.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
