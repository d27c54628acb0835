package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerCluster;
import java.util.function.Supplier;

/**
 * Puts a cluster's access (credentials to sign with, CA to trust) in force for the protocol requests one probe
 * makes on its thread: registration checks, runtime info, drains and failover commands all go through the shared
 * RemotingAdmin without each interface carrying the credentials. The real one is
 * {@link io.cometmq.operator.remoting.ClusterAccessScope}.
 */
public interface ClusterScope {

    <T> T within(BrokerCluster cluster, Supplier<T> probe);

    /** Requests go out unsigned and in plain TCP, as before spec.security. */
    ClusterScope NONE = new ClusterScope() {
        @Override
        public <T> T within(BrokerCluster cluster, Supplier<T> probe) {
            return probe.get();
        }
    };
}
