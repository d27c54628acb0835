package io.cometmq.operator.remoting;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.user.ClusterMasters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A cluster's masters as its NameServers list them (GET_BROKER_CLUSTER_INFO, brokerId 0 of each brokerName), asked
 * with the cluster's {@link ClusterAccess} (TLS when enforced). Every NameServer that answers contributes, so a group
 * registered on only one of them is still found; where two disagree (a deposed master lingering on one) the first
 * NameServer's answer wins, and the next reconcile sees the change.
 */
public final class NameServerClusterMasters implements ClusterMasters {
    private final RemotingAdmin admin;
    private final NameServerRegistrationSource nameServers;
    private final Function<BrokerCluster, List<String>> addresses;

    /** @param addresses the NameServer addresses (host:port) of a cluster */
    public NameServerClusterMasters(RemotingAdmin admin, Function<BrokerCluster, List<String>> addresses) {
        this.admin = admin;
        this.nameServers = new NameServerRegistrationSource(admin);
        this.addresses = addresses;
    }

    @Override
    public Map<String, String> masters(BrokerCluster cluster, ClusterAccess access) throws Exception {
        Map<String, String> masters = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        boolean answered = false;
        for (String address : addresses.apply(cluster)) {
            Map<String, String> found = admin.with(access, () -> {
                try {
                    return nameServers.masterAddresses(address);
                } catch (Exception e) {
                    failures.add(address + ": " + e.getMessage());
                    return null;
                }
            });
            if (found != null) {
                found.forEach(masters::putIfAbsent);
                answered = true;
            }
        }
        if (!answered) {
            throw new IOException("no NameServer answered GET_BROKER_CLUSTER_INFO (" + String.join("; ", failures) + ")");
        }
        return masters;
    }
}
