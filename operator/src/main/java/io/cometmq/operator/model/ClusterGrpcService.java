package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcServiceSpec;
import io.cometmq.operator.crd.GrpcSpec;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gRPC endpoint of spec.grpc in desired objects: the broker container port {@code grpc} and the Service
 * {@code <c>-grpc} over every broker pod of the cluster, masters and slaves alike (each broker answers for the whole
 * cluster and forwards what belongs to another group's master), so SDKs need this one address. Pure.
 *
 * <p>The Service port is named {@code grpc} and targets the container port by that name, so while pods roll from one
 * spec.grpc.port to another each pod is reached on the port it serves. No {@code appProtocol} (a valid field on every
 * supported version, 1.20+): the port takes TLS and plaintext HTTP/2 alike, and SDKs default to TLS, so
 * {@code kubernetes.io/h2c} or {@code grpc} would make a mesh or gateway speak cleartext HTTP/2 to what is TLS.
 * Readiness is the pods' own (the remoting port's TCP probe): not-ready brokers leave the endpoints as usual.
 */
public final class ClusterGrpcService {
    private ClusterGrpcService() {}

    /** The container port {@code grpc} of broker pods; none while spec.grpc is off. */
    public static List<ContainerPort> containerPort(BrokerCluster cluster) {
        GrpcSpec grpc = GrpcSpec.of(cluster.getSpec());
        if (!grpc.isEnabled()) {
            return List.of();
        }
        return List.of(new ContainerPortBuilder().withName(Ports.GRPC_NAME).withContainerPort(grpc.getPort())
                .withProtocol("TCP").build());
    }

    /** The Service {@code <c>-grpc}; callers build it only while spec.grpc is on. */
    public static Service build(BrokerCluster cluster, Names names) {
        GrpcSpec grpc = GrpcSpec.of(cluster.getSpec());
        GrpcServiceSpec service = grpc.service();
        Map<String, String> selector = Labels.brokersSelector(names.cluster());
        // sorted: the user's map order must not change the desired hash
        Map<String, String> annotations = service.getAnnotations() == null || service.getAnnotations().isEmpty()
                ? null : new TreeMap<>(service.getAnnotations());
        GrpcServiceSpec.ServiceType type = service.getType() == null ? GrpcServiceSpec.ServiceType.ClusterIP
                : service.getType();
        return new ServiceBuilder()
                .withMetadata(Owners.metadata(cluster, names.grpcService(), Labels.withCommon(selector)))
                .editMetadata().withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withType(type.name())
                    .withSelector(selector)
                    .addNewPort()
                        .withName(Ports.GRPC_NAME)
                        .withProtocol("TCP")
                        .withPort(grpc.getPort())
                        .withTargetPort(new IntOrString(Ports.GRPC_NAME))
                    .endPort()
                .endSpec()
                .build();
    }
}
