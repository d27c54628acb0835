package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.NameServerModel;
import io.cometmq.operator.model.SecurityMaterial;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The table of contents of a reconcile that is allowed to change things: NameServers, each group in spec, then
 * groups beyond the spec (removed when the last probe measured them drained, refused otherwise).
 */
public final class ClusterApply {
    private final NameServerStep nameServers;
    private final BrokerGroupStep groups;
    private final StorageExpansion storage;
    private final ClusterEvents events;

    public ClusterApply(ResourceApplier applier, ClusterEvents events) {
        this.nameServers = new NameServerStep(applier, events);
        this.storage = new StorageExpansion(applier.client(), events);
        this.groups = new BrokerGroupStep(applier, events);
        this.events = events;
    }

    /** @param measuredDrains drain progress the last probe measured (ClusterProber); only existing groups count */
    public ReconcileReport apply(BrokerCluster cluster, Names names, ObservedState live,
            Map<Integer, DrainProgress> measuredDrains) {
        return apply(cluster, names, live, measuredDrains, SecurityMaterial.NONE);
    }

    /** @param security hashes and TLS Secret of spec.security for the pod templates (SecurityStep) */
    public ReconcileReport apply(BrokerCluster cluster, Names names, ObservedState live,
            Map<Integer, DrainProgress> measuredDrains, SecurityMaterial security) {
        StatefulSet nameServer = nameServers.apply(cluster, new NameServerModel(cluster, names, security));
        Map<Integer, DrainProgress> drainProgress = new TreeMap<>(measuredDrains);
        drainProgress.keySet().retainAll(live.groups().keySet());
        drainProgress.keySet().retainAll(DrainRequest.groups(cluster));

        int specGroups = cluster.getSpec().getBroker().getGroups();
        int before = live.groups().isEmpty() ? 0 : live.groups().lastKey() + 1;
        SortedMap<Integer, ObservedState.GroupSets> after = new TreeMap<>();
        Set<Integer> waiting = new TreeSet<>();
        for (int g = 0; g < specGroups; g++) {
            BrokerGroupStep.GroupResult result = groups.apply(cluster, new BrokerGroupModel(cluster, names, g, security), live.groups().get(g));
            after.put(g, result.sets());
            if (result.masterWaiting()) {
                waiting.add(g);
            }
        }
        if (!live.groups().isEmpty() && specGroups > before) {
            events.normal(cluster, "Scaled", "Scaled broker groups from " + before + " to " + specGroups + ".");
        }

        ScaleDownGuard.Plan plan = ScaleDownGuard.plan(specGroups, live.groups().keySet(), drainProgress);
        for (int g : plan.remove()) {
            groups.remove(cluster, names, g);
        }
        for (int g : plan.refuse()) {
            after.put(g, live.groups().get(g));
        }
        List<StatefulSet> inSpec = new ArrayList<>();
        after.headMap(specGroups).values().forEach(sets -> inSpec.addAll(sets.present()));
        StorageExpansion.Result grown = storage.apply(cluster, inSpec);
        return new ReconcileReport(new ObservedState(nameServer, after), false, List.of(), waiting,
                plan.refuse(), drainProgress, grown);
    }

    /** Groups removed by this reconcile, to take out of the drain annotation. */
    public static Set<Integer> removed(ObservedState before, ReconcileReport report) {
        Set<Integer> removed = new TreeSet<>(before.groups().keySet());
        removed.removeAll(report.observed().groups().keySet());
        return removed;
    }
}
