package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.DesiredHash;
import io.cometmq.operator.model.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * One broker group: ConfigMap → Services → slave StatefulSet → master StatefulSet → PDB. The master is
 * created at once but changed only after the slaves have settled ({@link RollPlanner}).
 */
public final class BrokerGroupStep {
    private final ResourceApplier applier;
    private final ClusterEvents events;

    public BrokerGroupStep(ResourceApplier applier, ClusterEvents events) {
        this.applier = applier;
        this.events = events;
    }

    /** Result of one group: the StatefulSets as they now are, and whether the master is waiting. */
    public record GroupResult(ObservedState.GroupSets sets, boolean masterWaiting) {}

    public GroupResult apply(BrokerCluster cluster, BrokerGroupModel model, ObservedState.GroupSets live) {
        String what = "group " + model.group();
        applier.apply(model.configMap());
        applier.apply(model.service(BrokerRole.MASTER));
        applier.apply(model.service(BrokerRole.SLAVE));

        ApplyResult<StatefulSet> slaves = applier.apply(model.statefulSet(BrokerRole.SLAVE));
        SetChangeEvents.report(cluster, events, slaves, what + " slaves");

        StatefulSet master = live == null ? null : live.master();
        StatefulSet desiredMaster = model.statefulSet(BrokerRole.MASTER);
        boolean masterWaiting = false;
        if (master == null || RollPlanner.mayUpdateMaster(slaves.object(), slaves.changed())) {
            ApplyResult<StatefulSet> result = applier.apply(desiredMaster);
            SetChangeEvents.report(cluster, events, result, what + " master");
            master = result.object();
        } else if (!sameDesired(desiredMaster, master)) {
            masterWaiting = true;
        }
        applier.apply(model.pdb());
        return new GroupResult(new ObservedState.GroupSets(master, slaves.object()), masterWaiting);
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
        events.normal(cluster, "GroupRemoved", "Removed drained broker group " + group + " (" + names.brokerName(group)
                + "). Its volume claims are kept; delete them to free the storage.");
    }
}
