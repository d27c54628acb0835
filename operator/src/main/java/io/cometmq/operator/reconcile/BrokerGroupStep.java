package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.DesiredHash;
import io.cometmq.operator.model.Names;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Optional;

/**
 * One broker group: ConfigMap → role ConfigMap → Services → the StatefulSet without the master → the one holding
 * the master → PDB. Both are created at once, but the one holding the current master is changed only after the
 * other has settled ({@link RollPlanner}).
 */
public final class BrokerGroupStep {
    private final ResourceApplier applier;
    private final ClusterEvents events;
    private final RoleConfigMapStep roles;

    public BrokerGroupStep(ResourceApplier applier, ClusterEvents events) {
        this.applier = applier;
        this.events = events;
        this.roles = new RoleConfigMapStep(applier);
    }

    /** Result of one group: the StatefulSets as they now are, and whether the one holding the master is waiting. */
    public record GroupResult(ObservedState.GroupSets sets, boolean masterWaiting) {}

    public GroupResult apply(BrokerCluster cluster, BrokerGroupModel model, ObservedState.GroupSets live) {
        String what = "group " + model.group();
        applier.apply(model.configMap());
        // before the StatefulSets: a pod cannot start without the ConfigMaps it mounts
        Optional<RoleAssignment> assignment = roles.ensure(model);
        applier.apply(model.service(BrokerRole.MASTER));
        applier.apply(model.service(BrokerRole.SLAVE));

        BrokerRole last = RollPlanner.rollsLast(model.names(), model.group(),
                assignment.map(RoleAssignment::master).orElse(null));
        BrokerRole first = RollPlanner.rollsFirst(last);
        ApplyResult<StatefulSet> firstResult = applier.apply(model.statefulSet(first));
        SetChangeEvents.report(cluster, events, firstResult, what + " " + label(first));

        StatefulSet lastSet = live == null ? null : live.get(last);
        StatefulSet desiredLast = model.statefulSet(last);
        boolean lastWaiting = false;
        if (lastSet == null || RollPlanner.mayUpdateLast(firstResult.object(), firstResult.changed())) {
            ApplyResult<StatefulSet> result = applier.apply(desiredLast);
            SetChangeEvents.report(cluster, events, result, what + " " + label(last));
            lastSet = result.object();
        } else if (!sameDesired(desiredLast, lastSet)) {
            lastWaiting = true;
        }
        applier.apply(model.pdb());
        ObservedState.GroupSets sets = new ObservedState.GroupSets(null, null).with(first, firstResult.object())
                .with(last, lastSet);
        return new GroupResult(sets, lastWaiting);
    }

    private static String label(BrokerRole role) {
        return role == BrokerRole.MASTER ? "master" : "slaves";
    }

    /** Whether the live master already carries what we want (same check the applier makes). */
    private static boolean sameDesired(StatefulSet desired, StatefulSet live) {
        ResourceApplier.keepImmutableFields(desired, live);
        String liveHash = live.getMetadata().getAnnotations() == null
                ? null : live.getMetadata().getAnnotations().get(Annotations.DESIRED_HASH);
        return DesiredHash.of(desired).equals(liveHash);
    }

    /** Deletes a drained group's objects; owner references would do it only when the whole cluster goes. */
    public void remove(BrokerCluster cluster, Names names, int group) {
        String namespace = names.namespace();
        for (BrokerRole role : BrokerRole.values()) {
            applier.delete(StatefulSet.class, namespace, names.brokerSet(group, role));
            applier.delete(Service.class, namespace, names.brokerSet(group, role));
        }
        applier.delete(PodDisruptionBudget.class, namespace, names.brokerPdb(group));
        applier.delete(ConfigMap.class, namespace, names.brokerConfigMap(group));
        applier.delete(ConfigMap.class, namespace, names.brokerRoleConfigMap(group));
        events.normal(cluster, "GroupRemoved", "Removed drained broker group " + group + " (" + names.brokerName(group)
                + "). Its volume claims are kept; delete them to free the storage.");
    }
}
