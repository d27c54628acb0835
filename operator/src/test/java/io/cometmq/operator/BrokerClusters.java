package io.cometmq.operator;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.ReplicationMode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Test fixtures: one small valid cluster and variants of it. */
public final class BrokerClusters {
    public static final String NAMESPACE = "cometmq-test";

    private BrokerClusters() {}

    public static BrokerCluster minimal(String name) {
        BrokerCluster cluster = new BrokerCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withUid("uid-" + name)
                .withGeneration(1L).build());
        cluster.getSpec().getImages().setNameServer("cometmq/nameserver:test");
        cluster.getSpec().getImages().setBroker("cometmq/broker:test");
        return cluster;
    }

    public static BrokerCluster withSlaves(String name, int groups, int slaves) {
        BrokerCluster cluster = minimal(name);
        cluster.getSpec().getBroker().setGroups(groups);
        cluster.getSpec().getBroker().setSlavesPerGroup(slaves);
        if (slaves > 0) {
            cluster.getSpec().getBroker().setReplicationMode(ReplicationMode.SYNC);
        }
        return cluster;
    }
}
