package io.cometmq.operator.status;

import io.cometmq.operator.crd.BrokerStatus;
import io.cometmq.operator.crd.FailoverStatus;
import io.cometmq.operator.crd.GroupStatus;
import io.cometmq.operator.failover.FailoverRecord;
import io.cometmq.operator.failover.GroupControl;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.reconcile.DrainProgress;
import io.cometmq.operator.reconcile.ObservedState;
import io.cometmq.operator.reconcile.StatefulSetReadiness;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code status.groups[g]}: readiness, brokers and the failover view of one group. Master and epoch come from the
 * role ConfigMap ({@link Mastership}), falling back to what the failover controller reported ({@link GroupControl})
 * when the ConfigMap is not there (yet); the rest of the failover view comes from the controller. masterReady and
 * each broker's brokerId follow the pod that is master, wherever it lives: 0 for it, the slave id (its home
 * StatefulSet's base + ordinal) for every other pod. Pure.
 */
final class GroupStatusBuilder {
    private GroupStatusBuilder() {}

    /** The group's status and how many of its non-master pods are ready (for the Ready condition). */
    record Built(GroupStatus status, int readySlaves) {}

    static Built build(Names names, int g, ObservedState.GroupSets sets, DrainProgress drain,
            Optional<Set<String>> registered, Map<String, Long> nofileLimits, Mastership mastership, GroupControl control) {
        GroupStatus group = new GroupStatus();
        group.setIndex(g);
        group.setBrokerName(names.brokerName(g));
        RoleAssignment assignment = mastership.assignments().get(g);
        if (assignment != null) {
            group.setMaster(assignment.master());
            group.setEpoch(assignment.epoch());
        } else if (control != null && control.master() != null) {
            group.setMaster(control.master());
            group.setEpoch(control.epoch());
        }
        if (control != null) {
            failoverView(group, control);
        }
        // until the role ConfigMap is known, the master is where a new group starts it
        String master = group.getMaster() != null ? group.getMaster() : names.brokerPod(g, BrokerRole.MASTER, 0);

        int readyPods = 0;
        int pods = 0;
        boolean masterReady = false;
        boolean masterIsPod = false;
        for (BrokerRole role : BrokerRole.values()) {
            StatefulSet set = sets.get(role);
            int desired = StatefulSetReadiness.desired(set);
            int readyInSet = 0;
            boolean everyPodKnown = true;
            for (int ordinal = 0; ordinal < desired; ordinal++) {
                String pod = names.brokerPod(g, role, ordinal);
                Boolean ready = mastership.podReady().get(pod);
                everyPodKnown &= ready != null;
                readyInSet += Boolean.TRUE.equals(ready) ? 1 : 0;
                boolean isMaster = pod.equals(master);
                if (isMaster) {
                    masterIsPod = true;
                    // a pod the informer does not have: its StatefulSet has every pod ready, or not
                    masterReady = ready != null ? ready : StatefulSetReadiness.ready(set) >= desired;
                }
                group.getBrokers().add(broker(names, g, role, ordinal, isMaster, registered, nofileLimits));
            }
            readyPods += everyPodKnown ? readyInSet : Math.min(desired, StatefulSetReadiness.ready(set));
            pods += desired;
        }
        int slaves = pods - (masterIsPod ? 1 : 0);
        int readySlaves = Math.max(0, Math.min(slaves, readyPods - (masterReady ? 1 : 0)));
        group.setMasterReady(masterReady);
        group.setSlavesReady(readySlaves + "/" + slaves);
        if (drain != null) {
            group.setDrain(drain.state().name());
            group.setBacklog(drain.backlog());
        }
        return new Built(group, readySlaves);
    }

    private static void failoverView(GroupStatus group, GroupControl control) {
        group.setConfirmedOffset(control.confirmedOffset());
        group.setInSync(control.inSync().isEmpty() ? null : control.inSync());
        group.setMasterUnavailableSince(control.masterUnavailableSince() == null ? null
                : control.masterUnavailableSince().toString());
        group.setFailoverProblem(control.problem());
        FailoverRecord last = control.lastFailover();
        if (last != null) {
            FailoverStatus failover = new FailoverStatus();
            failover.setTime(last.time() == null ? null : last.time().toString());
            failover.setFrom(last.from());
            failover.setTo(last.to());
            failover.setEpoch(last.epoch());
            failover.setReason(last.reason());
            failover.setPossibleLossBytes(last.possibleLossBytes());
            group.setLastFailover(failover);
        }
    }

    private static BrokerStatus broker(Names names, int g, BrokerRole role, int ordinal, boolean isMaster,
            Optional<Set<String>> registered, Map<String, Long> nofileLimits) {
        BrokerStatus broker = new BrokerStatus();
        int brokerId = isMaster ? 0 : role.brokerId(ordinal);
        broker.setBrokerId(brokerId);
        broker.setPod(names.brokerPod(g, role, ordinal));
        broker.setNofileLimit(nofileLimits.get(broker.getPod()));
        broker.setAddress(names.brokerAddress(g, role, ordinal));
        broker.setRegistered(registered.map(keys -> keys.contains(RegistrationSource.key(names.brokerName(g), brokerId)))
                .orElse(null));
        return broker;
    }
}
