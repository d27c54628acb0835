package io.cometmq.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels on everything the operator creates. {@code selector*} maps are the immutable subset used in
 * StatefulSet and PDB selectors; the common app.kubernetes.io set is added on top of them.
 */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String GROUP = "cometmq.io/group";
    public static final String ROLE = "cometmq.io/role";

    public static final String APP = "cometmq";
    public static final String OPERATOR = "cometmq-operator";
    public static final String NAMESERVER = "nameserver";
    public static final String BROKER = "broker";

    /** Label selector for the operator's informers: only objects it manages are cached. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private Labels() {}

    public static Map<String, String> nameServerSelector(String cluster) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, APP);
        labels.put(INSTANCE, cluster);
        labels.put(COMPONENT, NAMESERVER);
        return labels;
    }

    /** Every broker pod of the cluster, masters and slaves of all groups: the gRPC Service's selector. */
    public static Map<String, String> brokersSelector(String cluster) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, APP);
        labels.put(INSTANCE, cluster);
        labels.put(COMPONENT, BROKER);
        return labels;
    }

    /** All pods of one broker group, master and slaves: the PDB and anti-affinity scope. */
    public static Map<String, String> groupSelector(String cluster, int group) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, APP);
        labels.put(INSTANCE, cluster);
        labels.put(COMPONENT, BROKER);
        labels.put(GROUP, Integer.toString(group));
        return labels;
    }

    public static Map<String, String> brokerSelector(String cluster, int group, BrokerRole role) {
        Map<String, String> labels = groupSelector(cluster, group);
        labels.put(ROLE, role.suffix());
        return labels;
    }

    /** Selector labels plus the common ones. */
    public static Map<String, String> withCommon(Map<String, String> selector) {
        Map<String, String> labels = new LinkedHashMap<>(selector);
        labels.put(PART_OF, APP);
        labels.put(MANAGED_BY, OPERATOR);
        return labels;
    }

    /** Labels of the cluster-scoped objects (ConfigMaps of the whole cluster) without a component. */
    public static Map<String, String> cluster(String cluster) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, APP);
        labels.put(INSTANCE, cluster);
        return withCommon(labels);
    }
}
