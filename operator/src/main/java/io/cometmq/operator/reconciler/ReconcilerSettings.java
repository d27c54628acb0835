package io.cometmq.operator.reconciler;

import io.cometmq.operator.reconcile.GroupDrainer;
import io.cometmq.operator.status.RegistrationSource;
import java.time.Clock;
import java.time.Duration;

/**
 * What the reconciler needs from outside: the broker-facing ports (drainer, registration source), the
 * clock, the cluster DNS domain and how often to look again while a cluster is not yet settled.
 */
public record ReconcilerSettings(GroupDrainer drainer, RegistrationSource registrations, Clock clock,
    String clusterDomain, Duration recheckWhileBusy, Duration recheckWhenRunning) {

  public static ReconcilerSettings defaults() {
    return new ReconcilerSettings(GroupDrainer.UNAVAILABLE, RegistrationSource.UNAVAILABLE, Clock.systemUTC(),
        io.cometmq.operator.model.Names.DEFAULT_CLUSTER_DOMAIN, Duration.ofSeconds(15), Duration.ofMinutes(5));
  }

  public ReconcilerSettings withDrainer(GroupDrainer value) {
    return new ReconcilerSettings(value, registrations, clock, clusterDomain, recheckWhileBusy, recheckWhenRunning);
  }

  public ReconcilerSettings withRegistrations(RegistrationSource value) {
    return new ReconcilerSettings(drainer, value, clock, clusterDomain, recheckWhileBusy, recheckWhenRunning);
  }

  public ReconcilerSettings withClusterDomain(String value) {
    return new ReconcilerSettings(drainer, registrations, clock, value, recheckWhileBusy, recheckWhenRunning);
  }

  public ReconcilerSettings withRecheck(Duration busy, Duration running) {
    return new ReconcilerSettings(drainer, registrations, clock, clusterDomain, busy, running);
  }
}
