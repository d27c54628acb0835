package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.StorageSpec;
import io.cometmq.operator.model.BrokerGroupModel;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows the brokers' volume claims when {@code spec.broker.storage.size} grows. A StatefulSet's
 * volumeClaimTemplates cannot change, so the claims it already made ({@code store-<pod>}) are patched one by
 * one, when their StorageClass has {@code allowVolumeExpansion: true}. Claims that cannot be expanded that way
 * (no class, a class without expansion, or an API error such as missing RBAC) are reported, so status can
 * say they must be expanded by hand. Pods created later still get the template's original size; they are
 * reported the same way once their claim exists, and expanded on the next reconcile.
 */
public final class StorageExpansion {
    private static final Logger LOG = LoggerFactory.getLogger(StorageExpansion.class);

    /** Claims patched by this reconcile, and claims below the spec size that the operator cannot grow. */
    public record Result(List<String> expanded, List<String> manual) {
        public static final Result NONE = new Result(List.of(), List.of());
    }

    private final KubernetesClient client;
    private final ClusterEvents events;

    public StorageExpansion(KubernetesClient client, ClusterEvents events) {
        this.client = client;
        this.events = events;
    }

    public Result apply(BrokerCluster cluster, Collection<StatefulSet> brokerSets) {
        StorageSpec storage = cluster.getSpec().getBroker().getStorage();
        if (storage.isEphemeral()) {
            return Result.NONE;
        }
        BigDecimal wanted;
        try {
            wanted = Quantity.getAmountInBytes(new Quantity(storage.getSize()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Result.NONE; // SpecChecker reports bad quantities
        }
        String namespace = cluster.getMetadata().getNamespace();
        Map<String, Boolean> expandableClasses = new HashMap<>();
        List<String> expanded = new ArrayList<>();
        List<String> manual = new ArrayList<>();
        for (StatefulSet set : brokerSets) {
            if (set == null || set.getSpec() == null || set.getSpec().getVolumeClaimTemplates() == null
                    || set.getSpec().getVolumeClaimTemplates().isEmpty()) {
                continue;
            }
            int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                String claim = BrokerGroupModel.STORE_VOLUME + "-" + set.getMetadata().getName() + "-" + ordinal;
                try {
                    PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
                    if (pvc == null || pvc.getSpec() == null || !smaller(pvc, wanted)) {
                        continue;
                    }
                    String className = pvc.getSpec().getStorageClassName();
                    if (className == null || className.isEmpty()) {
                        manual.add(claim + " (no StorageClass)");
                    } else if (!expandableClasses.computeIfAbsent(className, this::allowsExpansion)) {
                        manual.add(claim + " (StorageClass " + className + " does not allow volume expansion)");
                    } else {
                        client.persistentVolumeClaims().inNamespace(namespace).withName(claim)
                                .patch(PatchContext.of(PatchType.JSON_MERGE),
                                        "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + storage.getSize() + "\"}}}}");
                        expanded.add(claim);
                    }
                } catch (KubernetesClientException e) {
                    LOG.warn("{}/{} cannot expand {}: {}", namespace, cluster.getMetadata().getName(), claim, e.getMessage());
                    manual.add(claim + " (" + e.getCode() + ": " + e.getStatus().getMessage() + ")");
                }
            }
        }
        if (!expanded.isEmpty()) {
            events.normal(cluster, "StorageExpanded", "Requested " + storage.getSize() + " for volume claims "
                    + String.join(", ", expanded) + "; the storage driver resizes them (some only when the pod restarts).");
        }
        return new Result(List.copyOf(expanded), List.copyOf(manual));
    }

    private static boolean smaller(PersistentVolumeClaim pvc, BigDecimal wanted) {
        Quantity current = pvc.getSpec().getResources() == null || pvc.getSpec().getResources().getRequests() == null
                ? null : pvc.getSpec().getResources().getRequests().get("storage");
        return current == null || Quantity.getAmountInBytes(current).compareTo(wanted) < 0;
    }

    private boolean allowsExpansion(String className) {
        StorageClass storageClass = client.storage().v1().storageClasses().withName(className).get();
        return storageClass != null && Boolean.TRUE.equals(storageClass.getAllowVolumeExpansion());
    }
}
