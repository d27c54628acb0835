package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The annotation {@code cometmq.io/promote: "<pod>[,<pod>]"} on a BrokerCluster: make each named broker pod the
 * master of its group (at most one per group) once it is in sync. Pods are matched to groups by name
 * ({@code <c>-broker-<g>-(master|slave)-<n>}).
 *
 * @param targets by group index
 * @param invalid entries that name no broker pod of the cluster, or a second pod of one group
 */
public record SwitchoverRequest(Map<Integer, String> targets, List<String> invalid) {
    private static final Pattern MEMBER = Pattern.compile("^(master|slave)-[0-9]+$");

    public static SwitchoverRequest of(BrokerCluster cluster, Names names) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(Annotations.PROMOTE);
        Map<Integer, String> targets = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        if (value == null) {
            return new SwitchoverRequest(targets, invalid);
        }
        int groups = cluster.getSpec().getBroker().getGroups();
        for (String entry : value.split(",")) {
            String pod = entry.trim();
            if (pod.isEmpty()) {
                continue;
            }
            Integer group = groupOf(pod, names, groups);
            if (group == null || targets.putIfAbsent(group, pod) != null) {
                invalid.add(pod);
            }
        }
        return new SwitchoverRequest(targets, invalid);
    }

    static Integer groupOf(String pod, Names names, int groups) {
        for (int g = 0; g < groups; g++) {
            String prefix = names.brokerName(g) + "-";
            if (pod.startsWith(prefix) && MEMBER.matcher(pod.substring(prefix.length())).matches()) {
                return g;
            }
        }
        return null;
    }

    /** The annotation's value once {@code done} are removed from it, or null when nothing is left. */
    public static String without(String value, List<String> done) {
        List<String> left = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank() && !done.contains(entry.trim())) {
                left.add(entry.trim());
            }
        }
        return left.isEmpty() ? null : String.join(",", left);
    }
}
