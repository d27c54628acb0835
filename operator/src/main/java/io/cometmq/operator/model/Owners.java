package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/**
 * Metadata of every owned object: name, namespace, labels and a controller owner reference to the
 * BrokerCluster, so that deleting the cluster lets the garbage collector remove everything.
 */
public final class Owners {
    private Owners() {}

    public static OwnerReference reference(BrokerCluster cluster) {
        return new OwnerReferenceBuilder()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    public static ObjectMeta metadata(BrokerCluster cluster, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(reference(cluster))
                .build();
    }
}
