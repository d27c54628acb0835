package io.cometmq.operator.remoting;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.probe.ClusterScope;
import java.util.function.Supplier;

/** The cluster's {@link ClusterAccess} (from its Secrets) in force on the shared RemotingAdmin during a probe. */
public final class ClusterAccessScope implements ClusterScope {
    private final RemotingAdmin admin;
    private final ClusterCredentials credentials;

    public ClusterAccessScope(RemotingAdmin admin, ClusterCredentials credentials) {
        this.admin = admin;
        this.credentials = credentials;
    }

    @Override
    public <T> T within(BrokerCluster cluster, Supplier<T> probe) {
        return admin.with(credentials.access(cluster), probe);
    }
}
