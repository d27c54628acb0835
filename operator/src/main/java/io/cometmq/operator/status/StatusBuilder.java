package io.cometmq.operator.status;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.probe.ClusterProbe;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SpecProblem;
import io.cometmq.operator.model.SysctlInitContainer;
import io.cometmq.operator.reconcile.DrainProgress;
import io.cometmq.operator.reconcile.ObservedState;
import io.cometmq.operator.reconcile.ReconcileReport;
import io.cometmq.operator.reconcile.StatefulSetReadiness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the whole status from the StatefulSets, what the reconcile did, and the last probe of the NameServers
 * and brokers (registrations, open-file limits). Pure: no client, the clock is passed in.
 */
public final class StatusBuilder {
    /** Pod problems spelled out in the Degraded message; the rest are counted. */
    static final int MAX_POD_PROBLEMS = 3;

    private StatusBuilder() {}

    /**
     * @param pods what the pods say ({@link PodHealth}), most severe first
     * @param mastership who is master of each group (role ConfigMaps) and which pods are ready
     */
    public static BrokerClusterStatus build(BrokerCluster cluster, Names names, ReconcileReport report,
            ClusterProbe probe, List<PodProblem> pods, Mastership mastership, Instant now) {
        Optional<Set<String>> registered = probe.registered();
        BrokerClusterStatus previous = cluster.getStatus() == null ? new BrokerClusterStatus() : cluster.getStatus();
        ObservedState observed = report.observed();
        int nsDesired = cluster.getSpec().getNameServer().getReplicas();
        int nsReady = StatefulSetReadiness.ready(observed.nameServer());
        int specGroups = cluster.getSpec().getBroker().getGroups();
        int slaves = cluster.getSpec().getBroker().getSlavesPerGroup();

        BrokerClusterStatus status = new BrokerClusterStatus();
        status.setObservedGeneration(report.applied() ? cluster.getMetadata().getGeneration() : previous.getObservedGeneration());
        status.setNameServerAddress(names.nameServerAddress(nsDesired));
        status.setNameServers(nsReady + "/" + nsDesired);

        List<String> notReady = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        int readyGroups = 0;
        for (Map.Entry<Integer, ObservedState.GroupSets> entry : observed.groups().entrySet()) {
            int g = entry.getKey();
            GroupStatusBuilder.Built built = GroupStatusBuilder.build(names, g, entry.getValue(), report.drains().get(g),
                    registered, probe.nofileLimits(), mastership, probe.control().get(g));
            GroupStatus group = built.status();
            status.getGroups().add(group);
            if (g >= specGroups) {
                continue;
            }
            boolean ready = group.isMasterReady() && built.readySlaves() >= slaves;
            if (ready) {
                readyGroups++;
            } else {
                notReady.add(names.brokerName(g));
            }
            group.getBrokers().stream().filter(b -> Boolean.FALSE.equals(b.getRegistered()))
                    .forEach(b -> unregistered.add(RegistrationSource.key(group.getBrokerName(), b.getBrokerId())));
        }
        for (int g = 0; g < specGroups; g++) {
            if (!observed.groups().containsKey(g)) {
                notReady.add(names.brokerName(g));
            }
        }
        status.setGroupsReady(readyGroups + "/" + specGroups);
        String masters = status.getGroups().stream().filter(group -> group.getMaster() != null)
                .map(group -> group.getIndex() + "=" + group.getMaster()).collect(Collectors.joining(","));
        status.setMasters(masters.isEmpty() ? null : masters);

        List<Condition> conditions = List.of(
                ready(nsReady, nsDesired, notReady, unregistered, registered.isPresent(), readyGroups),
                progressing(cluster, report),
                degraded(cluster, report, pods, status.getGroups(), mastership),
                tuning(cluster, status.getGroups()));
        status.setConditions(Conditions.merge(previous.getConditions(), conditions, now, cluster.getMetadata().getGeneration()));
        status.setPhase(phase(previous, status.getConditions(), report));
        return status;
    }

    private static Condition ready(int nsReady, int nsDesired, List<String> notReady, List<String> unregistered,
            boolean registrationKnown, int readyGroups) {
        if (nsReady < nsDesired) {
            return Conditions.of(Conditions.READY, false, Conditions.NAMESERVERS_NOT_READY,
                    nsReady + " of " + nsDesired + " NameServers are ready.");
        }
        if (!notReady.isEmpty()) {
            return Conditions.of(Conditions.READY, false, Conditions.BROKERS_NOT_READY,
                    "Waiting for broker groups " + String.join(", ", notReady) + ".");
        }
        if (!unregistered.isEmpty()) {
            return Conditions.of(Conditions.READY, false, Conditions.BROKERS_NOT_REGISTERED,
                    "The NameServers do not list " + String.join(", ", unregistered) + ".");
        }
        return Conditions.of(Conditions.READY, true, Conditions.CLUSTER_READY, nsDesired + " NameServers and "
                + readyGroups + " broker groups are ready" + (registrationKnown ? " and registered." : "; registration was not checked."));
    }

    private static Condition progressing(BrokerCluster cluster, ReconcileReport report) {
        if (report.paused()) {
            return Conditions.of(Conditions.PROGRESSING, false, Conditions.PAUSED,
                    "cometmq.io/pause-reconciliation is \"true\": spec changes are not applied.");
        }
        if (!report.problems().isEmpty()) {
            return Conditions.of(Conditions.PROGRESSING, false, Conditions.BLOCKED,
                    "The spec has problems (see Degraded); nothing is changed until they are fixed.");
        }
        if (!report.waitingMasters().isEmpty()) {
            return Conditions.of(Conditions.PROGRESSING, true, Conditions.WAITING_FOR_SLAVES,
                    "The StatefulSet holding a group's master rolls last; in groups " + report.waitingMasters()
                            + " it waits for the group's other StatefulSet to be ready.");
        }
        List<String> draining = report.drains().values().stream()
                .filter(d -> d.state() == DrainProgress.State.Draining).map(DrainProgress::message).toList();
        if (!draining.isEmpty()) {
            return Conditions.of(Conditions.PROGRESSING, true, Conditions.DRAINING, String.join(" ", draining));
        }
        int specGroups = cluster.getSpec().getBroker().getGroups();
        List<String> unsettled = new ArrayList<>();
        if (!StatefulSetReadiness.settled(report.observed().nameServer())) {
            unsettled.add(name(report.observed().nameServer()));
        }
        report.observed().groups().forEach((g, sets) -> {
            if (g < specGroups) {
                sets.present().stream().filter(s -> !StatefulSetReadiness.settled(s)).forEach(s -> unsettled.add(name(s)));
            }
        });
        if (!unsettled.isEmpty()) {
            return Conditions.of(Conditions.PROGRESSING, true, Conditions.ROLLING_OUT,
                    "Waiting for StatefulSets " + String.join(", ", unsettled) + " to roll out.");
        }
        return Conditions.of(Conditions.PROGRESSING, false, Conditions.RECONCILED, "Every object matches the spec.");
    }

    private static Condition degraded(BrokerCluster cluster, ReconcileReport report, List<PodProblem> pods,
            List<GroupStatus> groupStatus, Mastership mastership) {
        if (!report.problems().isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, true, report.problems().get(0).reason(),
                    report.problems().stream().map(SpecProblem::message).collect(Collectors.joining(" ")));
        }
        // before pod problems: a group that cannot fail over takes no writes, and the pods are usually why
        List<String> blocked = groupStatus.stream().filter(g -> g.getFailoverProblem() != null)
                .map(g -> "Group " + g.getIndex() + ": " + g.getFailoverProblem()).toList();
        if (!blocked.isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, true, Conditions.FAILOVER_BLOCKED, String.join(" ", blocked));
        }
        if (!mastership.unreadable().isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, true, Conditions.ROLE_ASSIGNMENT_INVALID,
                    String.join(" ", mastership.unreadable().values()) + " The operator leaves it alone: restore "
                            + "the last valid content (see docs/OPERATOR.md, \"Automatic failover\").");
        }
        if (!pods.isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, true, pods.get(0).reason(), PodHealth.summary(pods, MAX_POD_PROBLEMS));
        }
        if (!report.refusedGroups().isEmpty()) {
            String groups = report.refusedGroups().stream().map(String::valueOf).collect(Collectors.joining(","));
            return Conditions.of(Conditions.DEGRADED, true, Conditions.SCALE_DOWN_REFUSED,
                    "Groups " + groups + " are beyond spec.broker.groups but not drained; they keep running. Annotate "
                            + "cometmq.io/drain-group=\"" + groups + "\" to drain them, or restore spec.broker.groups.");
        }
        List<String> failed = report.drains().values().stream()
                .filter(d -> d.state() == DrainProgress.State.Failed).map(DrainProgress::message).toList();
        if (!failed.isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, true, Conditions.DRAIN_FAILED, String.join(" ", failed));
        }
        if (!report.storage().manual().isEmpty()) {
            return Conditions.of(Conditions.DEGRADED, true, Conditions.STORAGE_EXPANSION_MANUAL,
                    "Volume claims " + String.join(", ", report.storage().manual()) + " request less than "
                            + "spec.broker.storage.size " + cluster.getSpec().getBroker().getStorage().getSize() + " and the operator "
                            + "cannot expand them: expand the volumes by hand (e.g. kubectl patch pvc, or move the data).");
        }
        return Conditions.of(Conditions.DEGRADED, false, Conditions.NO_PROBLEMS, "No problems found.");
    }

    private static Condition tuning(BrokerCluster cluster, List<GroupStatus> groups) {
        var sysctls = cluster.getSpec().getTuning().getSysctls();
        String sysctlText = sysctls.isEnabled()
                ? "Broker pods set " + SysctlInitContainer.effectiveValues(sysctls).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")) + " on their node when different."
                : "spec.tuning.sysctls.enabled is false: node sysctls are not checked; brokers may hit the "
                        + "vm.max_map_count limit under load.";
        int target = cluster.getSpec().getTuning().getNofileTarget();
        List<String> below = groups.stream().flatMap(g -> g.getBrokers().stream())
                .filter(b -> b.getNofileLimit() != null && b.getNofileLimit() >= 0 && b.getNofileLimit() < target)
                .map(b -> b.getPod() + " (" + b.getNofileLimit() + ")").toList();
        if (!below.isEmpty()) {
            return Conditions.of(Conditions.TUNING, false, Conditions.NOFILE_BELOW_TARGET, "Brokers " + String.join(", ", below)
                    + " run with an open-file limit below spec.tuning.nofileTarget " + target + ": the container runtime's "
                    + "limit caps it (raise the runtime's default, e.g. LimitNOFILE of containerd's service, or lower the "
                    + "target). " + sysctlText);
        }
        if (!sysctls.isEnabled()) {
            return Conditions.of(Conditions.TUNING, false, Conditions.SYSCTLS_DISABLED, sysctlText);
        }
        return Conditions.of(Conditions.TUNING, true, Conditions.SYSCTLS_APPLIED, sysctlText);
    }

    private static String phase(BrokerClusterStatus previous, List<Condition> conditions, ReconcileReport report) {
        if (report.paused()) {
            return "Paused";
        }
        if (Conditions.isTrue(conditions, Conditions.DEGRADED)) {
            return "Degraded";
        }
        if (Conditions.isTrue(conditions, Conditions.READY) && !Conditions.isTrue(conditions, Conditions.PROGRESSING)) {
            return "Running";
        }
        return previous.getPhase() == null || "Creating".equals(previous.getPhase()) ? "Creating" : "Updating";
    }

    private static String name(StatefulSet set) {
        return set == null ? "(missing)" : set.getMetadata().getName();
    }
}
