package io.cometmq.operator.user;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.remoting.ClusterAccess;
import java.util.Map;

/**
 * The masters of a cluster, where users and ACLs are written (slaves copy them from their master). The real
 * implementation, {@link io.cometmq.operator.remoting.NameServerClusterMasters}, asks the cluster's NameServers.
 */
@FunctionalInterface
public interface ClusterMasters {

    /**
     * brokerName → master address (host:port), asked as {@code access} says (TLS when enforced); throws when no NameServer of the cluster could be asked. */
    Map<String, String> masters(BrokerCluster cluster, ClusterAccess access) throws Exception;

    ClusterMasters UNAVAILABLE = (cluster, access) -> {
        throw new UnsupportedOperationException("no NameServer client wired into this operator build");
    };
}
