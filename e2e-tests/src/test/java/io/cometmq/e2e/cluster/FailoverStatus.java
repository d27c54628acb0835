package io.cometmq.e2e.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Who is master of a broker group, as a BrokerCluster's status says (issue #12): {@code status.groups[].master}
 * (a pod name), {@code .epoch} (the operator's controller epoch, grows with every change of master) and each pod's
 * {@code brokers[]} entry ({@code brokerId} 0 while it is master, {@code registered} on a NameServer). Read from the
 * object as a plain map, as a kubectl user reads it; a group is found by its {@code index} field.
 */
final class FailoverStatus {
    private FailoverStatus() {
    }

    static Optional<String> master(Map<String, Object> cluster, int group) {
        return group(cluster, group).map(g -> g.get("master")).map(String::valueOf).filter(s -> !s.isBlank());
    }

    static OptionalLong epoch(Map<String, Object> cluster, int group) {
        Optional<Object> epoch = group(cluster, group).map(g -> g.get("epoch"));
        return epoch.isPresent() && epoch.get() instanceof Number n ? OptionalLong.of(n.longValue())
                : OptionalLong.empty();
    }

    /** {@code pod} is listed in the group with a non-zero brokerId (a slave's) and registered on a NameServer. */
    static boolean isRegisteredSlave(Map<String, Object> cluster, int group, String pod) {
        return broker(cluster, group, pod).filter(b -> b.get("brokerId") instanceof Number id && id.longValue() != 0)
                .filter(b -> Boolean.TRUE.equals(b.get("registered"))).isPresent();
    }

    /** The group's other pods (every {@code brokers[]} entry but {@code pod}). */
    static List<String> otherPods(Map<String, Object> cluster, int group, String pod) {
        return brokers(cluster, group).stream().map(b -> String.valueOf(b.get("pod"))).filter(p -> !p.equals(pod))
                .toList();
    }

    /** One line for progress logs: {@code master=<pod> epoch=<n> brokers=<pod>:<id>:<registered>,...}. */
    static String summary(Map<String, Object> cluster, int group) {
        return "master=" + master(cluster, group).orElse("-") + " epoch="
                + (epoch(cluster, group).isPresent() ? epoch(cluster, group).getAsLong() : "-") + " brokers="
                + brokers(cluster, group).stream().map(b -> b.get("pod") + ":" + b.get("brokerId") + ":"
                        + Objects.requireNonNullElse(b.get("registered"), "?")).collect(Collectors.joining(","));
    }

    private static Optional<Map<String, Object>> broker(Map<String, Object> cluster, int group, String pod) {
        return brokers(cluster, group).stream().filter(b -> pod.equals(b.get("pod"))).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> brokers(Map<String, Object> cluster, int group) {
        return group(cluster, group).map(g -> (List<Map<String, Object>>) g.getOrDefault("brokers", List.of()))
                .orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> group(Map<String, Object> cluster, int group) {
        Map<String, Object> status = (Map<String, Object>) cluster.getOrDefault("status", Map.of());
        List<Map<String, Object>> groups = (List<Map<String, Object>>) status.getOrDefault("groups", List.of());
        return groups.stream().filter(g -> g.get("index") instanceof Number n && n.intValue() == group).findFirst();
    }
}
