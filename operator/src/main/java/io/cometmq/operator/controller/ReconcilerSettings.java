package io.cometmq.operator.controller;

import io.cometmq.operator.probe.BrokerRuntimeSource;
import io.cometmq.operator.reconcile.GroupDrainer;
import io.cometmq.operator.status.RegistrationSource;
import java.time.Clock;
import java.time.Duration;

/**
 * What the reconciler needs from outside: the broker-facing ports (drainer, registration source, broker runtime
 * info), the clock, the cluster DNS domain, how often to look again while a cluster is not yet settled, how often
 * NameServers and brokers are probed (off the reconciler threads, see ClusterProbes), and how long a pod may stay
 * not ready before Degraded says so (starts and recoveries take a while).
 *
 * <p>{@code eventFieldSelector}: let the API server filter the FailedCreate event informer (see PodWatch). Only
 * tests turn it off: the fabric8 mock server cannot evaluate field selectors on events and would send nothing;
 * the operator filters the cached events again either way, so only the amount cached differs.
 */
public record ReconcilerSettings(GroupDrainer drainer, RegistrationSource registrations,
        BrokerRuntimeSource brokerRuntime, Clock clock, String clusterDomain, Duration recheckWhileBusy,
        Duration recheckWhenRunning, Duration probePeriod, Duration podNotReadyGrace, boolean eventFieldSelector) {

    public static final Duration DEFAULT_POD_NOT_READY_GRACE = Duration.ofMinutes(5);

    public static ReconcilerSettings defaults() {
        return new ReconcilerSettings(GroupDrainer.UNAVAILABLE, RegistrationSource.UNAVAILABLE,
                BrokerRuntimeSource.UNAVAILABLE, Clock.systemUTC(), io.cometmq.operator.model.Names.DEFAULT_CLUSTER_DOMAIN,
                Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(10), DEFAULT_POD_NOT_READY_GRACE, true);
    }

    public ReconcilerSettings withDrainer(GroupDrainer value) {
        return new ReconcilerSettings(value, registrations, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod, podNotReadyGrace, eventFieldSelector);
    }

    public ReconcilerSettings withRegistrations(RegistrationSource value) {
        return new ReconcilerSettings(drainer, value, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod, podNotReadyGrace, eventFieldSelector);
    }

    public ReconcilerSettings withBrokerRuntime(BrokerRuntimeSource value) {
        return new ReconcilerSettings(drainer, registrations, value, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod, podNotReadyGrace, eventFieldSelector);
    }

    public ReconcilerSettings withClock(Clock value) {
        return new ReconcilerSettings(drainer, registrations, brokerRuntime, value, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod, podNotReadyGrace, eventFieldSelector);
    }

    public ReconcilerSettings withClusterDomain(String value) {
        return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, value, recheckWhileBusy,
        recheckWhenRunning, probePeriod, podNotReadyGrace, eventFieldSelector);
    }

    public ReconcilerSettings withRecheck(Duration busy, Duration running) {
        return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, clusterDomain, busy, running,
        probePeriod, podNotReadyGrace, eventFieldSelector);
    }

    public ReconcilerSettings withProbePeriod(Duration value) {
        return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, value, podNotReadyGrace, eventFieldSelector);
    }

    public ReconcilerSettings withPodNotReadyGrace(Duration value) {
        return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod, value, eventFieldSelector);
    }

    public ReconcilerSettings withEventFieldSelector(boolean value) {
        return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod, podNotReadyGrace, value);
    }
}
