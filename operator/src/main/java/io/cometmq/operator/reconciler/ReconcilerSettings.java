package io.cometmq.operator.reconciler;

import io.cometmq.operator.probe.BrokerRuntimeSource;
import io.cometmq.operator.reconcile.GroupDrainer;
import io.cometmq.operator.status.RegistrationSource;
import java.time.Clock;
import java.time.Duration;

/**
 * What the reconciler needs from outside: the broker-facing ports (drainer, registration source, broker runtime
 * info), the clock, the cluster DNS domain, how often to look again while a cluster is not yet settled, and how
 * often NameServers and brokers are probed (off the reconciler threads, see ClusterProbes).
 */
public record ReconcilerSettings(GroupDrainer drainer, RegistrationSource registrations,
    BrokerRuntimeSource brokerRuntime, Clock clock, String clusterDomain, Duration recheckWhileBusy,
    Duration recheckWhenRunning, Duration probePeriod) {

  public static ReconcilerSettings defaults() {
    return new ReconcilerSettings(GroupDrainer.UNAVAILABLE, RegistrationSource.UNAVAILABLE,
        BrokerRuntimeSource.UNAVAILABLE, Clock.systemUTC(), io.cometmq.operator.model.Names.DEFAULT_CLUSTER_DOMAIN,
        Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofSeconds(10));
  }

  public ReconcilerSettings withDrainer(GroupDrainer value) {
    return new ReconcilerSettings(value, registrations, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod);
  }

  public ReconcilerSettings withRegistrations(RegistrationSource value) {
    return new ReconcilerSettings(drainer, value, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod);
  }

  public ReconcilerSettings withBrokerRuntime(BrokerRuntimeSource value) {
    return new ReconcilerSettings(drainer, registrations, value, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, probePeriod);
  }

  public ReconcilerSettings withClusterDomain(String value) {
    return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, value, recheckWhileBusy,
        recheckWhenRunning, probePeriod);
  }

  public ReconcilerSettings withRecheck(Duration busy, Duration running) {
    return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, clusterDomain, busy, running,
        probePeriod);
  }

  public ReconcilerSettings withProbePeriod(Duration value) {
    return new ReconcilerSettings(drainer, registrations, brokerRuntime, clock, clusterDomain, recheckWhileBusy,
        recheckWhenRunning, value);
  }
}
