package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.model.ClusterGrpcService;
import io.cometmq.operator.model.Names;
import io.fabric8.kubernetes.api.model.Service;

/**
 * Keeps the Service {@code <c>-grpc} of spec.grpc (ClusterGrpcService) with the resource applier, or deletes it when
 * spec.grpc is turned off; the owner reference removes it with the cluster. Its result is status.grpcEndpoint.
 */
public final class GrpcServiceStep {
    private final ResourceApplier applier;

    public GrpcServiceStep(ResourceApplier applier) {
        this.applier = applier;
    }

    /**
     * status.grpcEndpoint: where SDKs connect, or empty while spec.grpc is off (empty, not absent: status is written
     * with a JSON merge patch, where an absent field would leave the old endpoint in place).
     */
    public record Result(String endpoint) {}

    /** @param exists whether the Service is there now (the informer's view), to delete it when turned off */
    public Result apply(BrokerCluster cluster, Names names, boolean exists) {
        GrpcSpec grpc = GrpcSpec.of(cluster.getSpec());
        if (!grpc.isEnabled()) {
            if (exists) {
                applier.delete(Service.class, names.namespace(), names.grpcService());
            }
            return new Result("");
        }
        applier.apply(ClusterGrpcService.build(cluster, names));
        return new Result(names.grpcEndpoint(grpc.getPort()));
    }
}
