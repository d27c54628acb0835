package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.NameServerModel;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** ConfigMap → Service → StatefulSet → PDB of the NameServers. Returns the StatefulSet as written. */
public final class NameServerStep {
    private final ResourceApplier applier;
    private final ClusterEvents events;

    public NameServerStep(ResourceApplier applier, ClusterEvents events) {
        this.applier = applier;
        this.events = events;
    }

    public StatefulSet apply(BrokerCluster cluster, NameServerModel model) {
        applier.apply(model.configMap());
        applier.apply(model.service());
        ApplyResult<StatefulSet> set = applier.apply(model.statefulSet());
        applier.apply(model.pdb());
        SetChangeEvents.report(cluster, events, set, "NameServers");
        return set.object();
    }
}
