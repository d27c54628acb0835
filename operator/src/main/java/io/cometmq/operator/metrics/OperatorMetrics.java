package io.cometmq.operator.metrics;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Collection;

/**
 * The {@code cometmq_operator_*} families on one registry (the one /metrics serves). Micrometer's Prometheus naming
 * adds {@code _total} to counters and {@code _seconds} to timers, so the meters are named without them.
 *
 * <p>Label {@code resource_namespace}, not {@code namespace}: Prometheus sets {@code namespace} on every series from
 * the target (the operator pod's namespace) and would rename ours to {@code exported_namespace}.
 */
public final class OperatorMetrics {
    public static final String FAILOVERS = "cometmq.operator.failovers";
    public static final String DRAINS = "cometmq.operator.drains";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    private final MeterRegistry registry;
    private final ClusterGauges gauges;

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.gauges = new ClusterGauges(registry);
    }

    /** Metrics nobody scrapes (a composite registry without children records nothing): the settings' default. */
    public static OperatorMetrics none() {
        return new OperatorMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** JOSDK's hook for this registry: its own operator_sdk_* families plus the reconcile duration and errors. */
    public Metrics josdk() {
        return new ReconcileMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry), registry, gauges);
    }

    /** One slave promotion the failover controller ran for {@code brokerGroup} (the group's brokerName). */
    public void failover(String namespace, String cluster, String brokerGroup, boolean success) {
        count(FAILOVERS, "Slave promotions the operator ran.", namespace, cluster, brokerGroup, success);
    }

    /** One drain of {@code brokerGroup} that ended: drained (success) or failed. */
    public void drain(String namespace, String cluster, String brokerGroup, boolean success) {
        count(DRAINS, "Broker group drains before a scale-down, by how they ended.", namespace, cluster, brokerGroup,
                success);
    }

    /**
     * The gauges of one cluster from the status this reconcile computed; series of groups and pods that are gone are
     * removed.
     *
     * @param pods the cluster's pods (informer) and which of them are crash-looping
     */
    public void clusterStatus(BrokerCluster cluster, BrokerClusterStatus status, Collection<String> pods,
            Collection<String> crashLooping) {
        gauges.update(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), status, pods, crashLooping);
    }

    /** Removes every gauge series of a deleted cluster. */
    public void clusterDeleted(String namespace, String cluster) {
        gauges.remove(namespace, cluster);
    }

    private void count(String name, String help, String namespace, String cluster, String brokerGroup,
            boolean success) {
        Counter.builder(name).description(help)
                .tag(ClusterGauges.RESOURCE_NAMESPACE, namespace).tag(ClusterGauges.CLUSTER, cluster)
                .tag(ClusterGauges.BROKER_GROUP, brokerGroup).tag("result", success ? SUCCESS : FAILURE)
                .register(registry).increment();
    }
}
