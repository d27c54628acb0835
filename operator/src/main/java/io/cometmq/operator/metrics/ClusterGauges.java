package io.cometmq.operator.metrics;

import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.BrokerStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-cluster gauges, set from the status a reconcile computed: each update replaces the cluster's series, so a
 * removed group or pod loses its series, and a deleted cluster loses all of them ({@link #remove}).
 *
 * <ul>
 *   <li>{@code cometmq_operator_cluster_ready{resource_namespace, cluster}}: the Ready condition is True;</li>
 *   <li>{@code cometmq_operator_group_master_present{..., broker_group}}: the pod that is master is ready and, when a
 *       NameServer answered, registered;</li>
 *   <li>{@code cometmq_operator_broker_registered{..., broker_group, resource_pod}}: a NameServer lists the broker; no series
 *       while no NameServer answers (unknown is not "unregistered");</li>
 *   <li>{@code cometmq_operator_pod_crashlooping{..., resource_pod}}: one series per pod of the cluster.</li>
 * </ul>
 * {@code broker_group} is the group's brokerName, the {@code node_id} of the brokers' own series.
 */
final class ClusterGauges {
    static final String RESOURCE_NAMESPACE = "resource_namespace";
    static final String CLUSTER = "cluster";
    static final String BROKER_GROUP = "broker_group";
    /** Not {@code pod}: a Prometheus target adds its own (the operator pod's). */
    static final String POD = "resource_pod";
    static final String CLUSTER_READY = "cometmq.operator.cluster.ready";
    static final String MASTER_PRESENT = "cometmq.operator.group.master.present";
    static final String BROKER_REGISTERED = "cometmq.operator.broker.registered";
    static final String CRASHLOOPING = "cometmq.operator.pod.crashlooping";
    private static final Map<String, String> HELP = Map.of(
            CLUSTER_READY, "1 when the BrokerCluster's Ready condition is True.",
            MASTER_PRESENT, "1 when the group's master pod is ready and registered with the NameServers.",
            BROKER_REGISTERED, "1 when a NameServer lists the broker pod.",
            CRASHLOOPING, "1 while a pod of the cluster is crash-looping.");

    /** One series: family and labels. */
    record Series(String name, Tags tags) {}

    private record Held(AtomicInteger value, Gauge gauge) {}

    private final MeterRegistry registry;
    private final Map<String, Map<Series, Held>> byCluster = new HashMap<>();

    ClusterGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void update(String namespace, String cluster, BrokerClusterStatus status, Collection<String> pods,
            Collection<String> crashLooping) {
        Map<Series, Integer> wanted = values(namespace, cluster, status, pods, crashLooping);
        Map<Series, Held> held = byCluster.computeIfAbsent(namespace + "/" + cluster, k -> new HashMap<>());
        held.entrySet().removeIf(e -> {
            if (wanted.containsKey(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue().gauge());
            return true;
        });
        wanted.forEach((series, value) -> held.computeIfAbsent(series, this::register).value().set(value));
    }

    synchronized void remove(String namespace, String cluster) {
        Map<Series, Held> held = byCluster.remove(namespace + "/" + cluster);
        if (held != null) {
            held.values().forEach(h -> registry.remove(h.gauge()));
        }
    }

    private Held register(Series series) {
        // the registry keeps a weak reference to the value: Held keeps it alive
        AtomicInteger value = new AtomicInteger();
        Gauge gauge = Gauge.builder(series.name(), value, AtomicInteger::get).description(HELP.get(series.name()))
                .tags(series.tags()).register(registry);
        return new Held(value, gauge);
    }

    /** What the gauges of one cluster should read. Pure. */
    static Map<Series, Integer> values(String namespace, String cluster, BrokerClusterStatus status,
            Collection<String> pods, Collection<String> crashLooping) {
        Tags base = Tags.of(RESOURCE_NAMESPACE, namespace, CLUSTER, cluster);
        Map<Series, Integer> values = new LinkedHashMap<>();
        boolean ready = status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        values.put(new Series(CLUSTER_READY, base), ready ? 1 : 0);
        for (GroupStatus group : status.getGroups()) {
            if (group.getBrokerName() == null) {
                continue; // a label value cannot be null; StatusBuilder always names the group
            }
            Tags groupTags = base.and(BROKER_GROUP, group.getBrokerName());
            values.put(new Series(MASTER_PRESENT, groupTags), masterPresent(group) ? 1 : 0);
            for (BrokerStatus broker : group.getBrokers()) {
                if (broker.getRegistered() != null && broker.getPod() != null) {
                    values.put(new Series(BROKER_REGISTERED, groupTags.and(POD, broker.getPod())),
                            broker.getRegistered() ? 1 : 0);
                }
            }
        }
        TreeSet<String> allPods = new TreeSet<>(pods);
        allPods.addAll(crashLooping);
        for (String pod : allPods) {
            values.put(new Series(CRASHLOOPING, base.and(POD, pod)), crashLooping.contains(pod) ? 1 : 0);
        }
        return values;
    }

    private static boolean masterPresent(GroupStatus group) {
        if (!group.isMasterReady()) {
            return false;
        }
        return group.getBrokers().stream()
                .filter(b -> group.getMaster() != null ? group.getMaster().equals(b.getPod()) : b.getBrokerId() == 0)
                .findFirst()
                .map(b -> !Boolean.FALSE.equals(b.getRegistered()))
                .orElse(true);
    }
}
