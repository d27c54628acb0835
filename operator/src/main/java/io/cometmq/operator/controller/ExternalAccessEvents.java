package io.cometmq.operator.controller;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerClusterStatus;
import io.cometmq.operator.crd.ExternalAccessStatus;
import io.cometmq.operator.reconcile.ClusterEvents;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Normal event {@code ExternalAddressChanged} when an external address in status.externalAccess appears or changes
 * (derived from status, so said once, also across operator restarts; remembered too, because the next reconcile may
 * still see the status from before this one's patch). Brokers pick the change up from the address file.
 */
final class ExternalAccessEvents {
    static final String CHANGED = "ExternalAddressChanged";
    private static final String NAMESERVERS = "NameServers";

    private final Map<String, Map<String, String>> announced = new ConcurrentHashMap<>();

    void announce(String key, BrokerCluster cluster, BrokerClusterStatus before, BrokerClusterStatus after,
            ClusterEvents events) {
        Map<String, String> now = addresses(after.getExternalAccess());
        Map<String, String> previous = announced.getOrDefault(key,
                addresses(before == null ? null : before.getExternalAccess()));
        if (now.equals(previous)) {
            return;
        }
        announced.put(key, now);
        StringBuilder changes = new StringBuilder();
        now.forEach((subject, address) -> {
            if (!Objects.equals(previous.get(subject), address)) {
                changes.append(changes.isEmpty() ? "" : ", ").append(subject).append(" at ").append(address);
            }
        });
        if (!changes.isEmpty()) {
            events.normal(cluster, CHANGED, "External addresses: " + changes + ".");
        }
    }

    private static Map<String, String> addresses(ExternalAccessStatus status) {
        Map<String, String> addresses = new TreeMap<>();
        if (status == null) {
            return addresses;
        }
        if (status.getNameServerAddress() != null && !status.getNameServerAddress().isEmpty()) {
            addresses.put(NAMESERVERS, status.getNameServerAddress());
        }
        status.getBrokers().forEach(b -> addresses.put(b.getPod(), b.getAddress()));
        return addresses;
    }
}
