package io.cometmq.operator.controller;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.MonitoringStatus;
import io.cometmq.operator.reconcile.ClusterEvents;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One event when status.monitoring.podMonitor changes (derived from status, so said once, also across operator
 * restarts): PodMonitorCreated, PodMonitorNotInstalled (Warning: the Prometheus Operator's CRD is missing) and
 * PodMonitorFailed (Warning). What was last announced is remembered too, because the next reconcile may still see
 * the status from before this one's patch.
 */
final class MonitoringEvents {
    static final String CREATED = "PodMonitorCreated";
    static final String NOT_INSTALLED = "PodMonitorNotInstalled";
    static final String FAILED = "PodMonitorFailed";

    /** Last announced state by cluster key (namespace/name/uid). */
    private final Map<String, String> announced = new ConcurrentHashMap<>();

    void announce(String key, BrokerCluster cluster, BrokerClusterStatus before, BrokerClusterStatus after,
            ClusterEvents events) {
        MonitoringStatus now = after.getMonitoring();
        MonitoringStatus was = before == null ? null : before.getMonitoring();
        String previous = announced.getOrDefault(key, was == null ? null : was.getPodMonitor());
        if (now == null || Objects.equals(now.getPodMonitor(), previous)) {
            return;
        }
        announced.put(key, now.getPodMonitor());
        switch (now.getPodMonitor()) {
            case MonitoringStatus.CREATED -> events.normal(cluster, CREATED, now.getMessage());
            case MonitoringStatus.NOT_INSTALLED -> events.warning(cluster, NOT_INSTALLED, now.getMessage() + ".");
            case MonitoringStatus.FAILED -> events.warning(cluster, FAILED, now.getMessage());
            default -> { }
        }
    }
}
