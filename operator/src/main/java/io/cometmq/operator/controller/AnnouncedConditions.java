package io.cometmq.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conditions this operator last computed for each cluster, so a change is announced once even when the next
 * reconcile starts from a cached BrokerCluster whose status patch has not arrived yet (which announced a pause
 * twice now and then). Bounded: the least recently reconciled clusters are forgotten first, and a forgotten
 * cluster falls back to the status it carries.
 */
final class AnnouncedConditions {
    static final int MAX_CLUSTERS = 10_000;

    private final Map<String, List<Condition>> last = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Condition>> eldest) {
            return size() > MAX_CLUSTERS;
        }
    };

    /** What the previous reconcile of {@code cluster} computed, or {@code fromStatus} if it is not known. */
    synchronized List<Condition> previous(String cluster, List<Condition> fromStatus) {
        return last.getOrDefault(cluster, fromStatus);
    }

    synchronized void remember(String cluster, List<Condition> conditions) {
        last.put(cluster, List.copyOf(conditions));
    }
}
