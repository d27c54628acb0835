package io.cometmq.operator.controller;

import io.cometmq.operator.metrics.OperatorMetrics;
import io.cometmq.operator.probe.BrokerRuntimeSource;
import io.cometmq.operator.probe.ClusterScope;
import io.cometmq.operator.probe.FailoverPorts;
import io.cometmq.operator.reconcile.GroupDrainer;
import io.cometmq.operator.status.RegistrationSource;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the reconciler needs from outside: the broker-facing ports (drainer, registration source, broker runtime
 * info), the clock, the cluster DNS domain, how often to look again while a cluster is not yet settled, how often
 * NameServers and brokers are probed (off the reconciler threads, see ClusterProbes), and how long a pod may stay
 * not ready before Degraded says so (starts and recoveries take a while), and the failover controller's protocol
 * ports (off without them), the operator's metrics, and how long API discovery (is the PodMonitor kind served?)
 * is cached.
 *
 * <p>{@code eventFieldSelector}: let the API server filter the FailedCreate event informer (see PodWatch). Only
 * tests turn it off: the fabric8 mock server cannot evaluate field selectors on events and would send nothing;
 * the operator filters the cached events again either way, so only the amount cached differs.
 */
public record ReconcilerSettings(GroupDrainer drainer, RegistrationSource registrations,
        BrokerRuntimeSource brokerRuntime, Clock clock, String clusterDomain, Duration recheckWhileBusy,
        Duration recheckWhenRunning, Duration probePeriod, Duration podNotReadyGrace, boolean eventFieldSelector,
        FailoverPorts failover, ClusterScope clusterScope, OperatorMetrics metrics, Duration apiDiscoveryInterval) {

    public static final Duration DEFAULT_POD_NOT_READY_GRACE = Duration.ofMinutes(5);
    /** How long the answer "is the PodMonitor API served?" is reused (installing the Prometheus Operator later works). */
    public static final Duration DEFAULT_API_DISCOVERY_INTERVAL = Duration.ofMinutes(1);

    public static ReconcilerSettings defaults() {
        return new ReconcilerSettings(GroupDrainer.UNAVAILABLE, RegistrationSource.UNAVAILABLE,
                BrokerRuntimeSource.UNAVAILABLE, Clock.systemUTC(), io.cometmq.operator.model.Names.DEFAULT_CLUSTER_DOMAIN,
                Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(5), DEFAULT_POD_NOT_READY_GRACE, true,
                FailoverPorts.UNAVAILABLE, ClusterScope.NONE, OperatorMetrics.none(), DEFAULT_API_DISCOVERY_INTERVAL);
    }

    public ReconcilerSettings withDrainer(GroupDrainer value) {
        return with(c -> c.drainer = value);
    }

    public ReconcilerSettings withRegistrations(RegistrationSource value) {
        return with(c -> c.registrations = value);
    }

    public ReconcilerSettings withBrokerRuntime(BrokerRuntimeSource value) {
        return with(c -> c.brokerRuntime = value);
    }

    public ReconcilerSettings withClock(Clock value) {
        return with(c -> c.clock = value);
    }

    public ReconcilerSettings withClusterDomain(String value) {
        return with(c -> c.clusterDomain = value);
    }

    public ReconcilerSettings withRecheck(Duration busy, Duration running) {
        return with(c -> {
            c.recheckWhileBusy = busy;
            c.recheckWhenRunning = running;
        });
    }

    public ReconcilerSettings withProbePeriod(Duration value) {
        return with(c -> c.probePeriod = value);
    }

    public ReconcilerSettings withPodNotReadyGrace(Duration value) {
        return with(c -> c.podNotReadyGrace = value);
    }

    public ReconcilerSettings withEventFieldSelector(boolean value) {
        return with(c -> c.eventFieldSelector = value);
    }

    public ReconcilerSettings withFailover(FailoverPorts value) {
        return with(c -> c.failover = value);
    }

    /** How probes sign and encrypt their requests to a secured cluster (ClusterAccessScope). */
    public ReconcilerSettings withClusterScope(ClusterScope value) {
        return with(c -> c.clusterScope = value);
    }

    /** The cometmq_operator_* families (failovers, drains, status gauges; OperatorRuntime wires the reconcile timer). */
    public ReconcilerSettings withMetrics(OperatorMetrics value) {
        return with(c -> c.metrics = value);
    }

    public ReconcilerSettings withApiDiscoveryInterval(Duration value) {
        return with(c -> c.apiDiscoveryInterval = value);
    }

    /** A copy with one change: the one place that lists every component, besides the record header. */
    private ReconcilerSettings with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new ReconcilerSettings(c.drainer, c.registrations, c.brokerRuntime, c.clock, c.clusterDomain,
                c.recheckWhileBusy, c.recheckWhenRunning, c.probePeriod, c.podNotReadyGrace, c.eventFieldSelector,
                c.failover, c.clusterScope, c.metrics, c.apiDiscoveryInterval);
    }

    private static final class Copy {
        GroupDrainer drainer;
        RegistrationSource registrations;
        BrokerRuntimeSource brokerRuntime;
        Clock clock;
        String clusterDomain;
        Duration recheckWhileBusy;
        Duration recheckWhenRunning;
        Duration probePeriod;
        Duration podNotReadyGrace;
        boolean eventFieldSelector;
        FailoverPorts failover;
        ClusterScope clusterScope;
        OperatorMetrics metrics;
        Duration apiDiscoveryInterval;

        Copy(ReconcilerSettings s) {
            drainer = s.drainer;
            registrations = s.registrations;
            brokerRuntime = s.brokerRuntime;
            clock = s.clock;
            clusterDomain = s.clusterDomain;
            recheckWhileBusy = s.recheckWhileBusy;
            recheckWhenRunning = s.recheckWhenRunning;
            probePeriod = s.probePeriod;
            podNotReadyGrace = s.podNotReadyGrace;
            eventFieldSelector = s.eventFieldSelector;
            failover = s.failover;
            clusterScope = s.clusterScope;
            metrics = s.metrics;
            apiDiscoveryInterval = s.apiDiscoveryInterval;
        }
    }
}
