package io.cometmq.operator.status;

import io.cometmq.operator.model.Labels;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.RoleConfigMaps;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who is master of each group, as the role ConfigMaps in the informer cache say, and which broker pods are ready
 * (from the pod informer; a pod missing there is unknown, and readiness falls back to its StatefulSet's counts).
 * Pure: built from cached objects, no client.
 *
 * @param assignments the role assignment of each group whose role ConfigMap could be read
 * @param unreadable  why a group's role ConfigMap could not be read, by group
 * @param podReady    the Ready condition of each broker pod the pod informer has
 */
public record Mastership(Map<Integer, RoleAssignment> assignments, Map<Integer, String> unreadable,
        Map<String, Boolean> podReady) {

    public static final Mastership NONE = new Mastership(Map.of(), Map.of(), Map.of());

    public Mastership {
        assignments = Map.copyOf(assignments);
        unreadable = Map.copyOf(unreadable);
        podReady = Map.copyOf(podReady);
    }

    /** The master pod of each group whose role ConfigMap could be read. */
    public Map<Integer, String> masters() {
        Map<Integer, String> masters = new TreeMap<>();
        assignments.forEach((group, assignment) -> masters.put(group, assignment.master()));
        return masters;
    }

    public static Mastership from(Names names, Collection<ConfigMap> configMaps, Collection<Pod> pods) {
        Map<Integer, RoleAssignment> assignments = new TreeMap<>();
        Map<Integer, String> unreadable = new TreeMap<>();
        for (ConfigMap configMap : configMaps) {
            Optional<Integer> group = group(configMap);
            if (group.isEmpty() || !names.brokerRoleConfigMap(group.get()).equals(configMap.getMetadata().getName())) {
                continue;
            }
            try {
                assignments.put(group.get(), RoleConfigMaps.read(configMap));
            } catch (ConfigException e) {
                unreadable.put(group.get(), e.getMessage());
            }
        }
        Map<String, Boolean> ready = new TreeMap<>();
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                ready.put(pod.getMetadata().getName(), isReady(pod));
            }
        }
        return new Mastership(assignments, unreadable, ready);
    }

    private static Optional<Integer> group(ConfigMap configMap) {
        Map<String, String> labels = configMap.getMetadata().getLabels();
        String group = labels == null ? null : labels.get(Labels.GROUP);
        return group != null && group.matches("[0-9]{1,4}") ? Optional.of(Integer.parseInt(group)) : Optional.empty();
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
