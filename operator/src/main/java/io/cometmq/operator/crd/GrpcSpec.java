package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The gRPC endpoint of RocketMQ 5 SDKs (docs/OPERATOR.md, "gRPC endpoint"): every broker pod serves it on the
 * container port {@code grpc} (broker key grpcServerPort) and answers for the whole cluster, and the Service
 * {@code <cluster>-grpc} over all broker pods is what SDKs dial. Absent: on, port 8081, a ClusterIP Service.
 *
 * <p>A top-level field next to spec.monitoring rather than under spec.broker: like the metrics endpoint it is a
 * cluster-wide client endpoint (a Service and status.grpcEndpoint), not a property of broker groups.
 */
@ValidationRule(value = GrpcSpec.NOT_BROKER_PORTS_RULE,
        message = "grpc.port may not be 10911 (the broker's remoting port) or 10912 (its replication port)")
public class GrpcSpec {
    public static final int DEFAULT_PORT = 8081;
    static final String NOT_BROKER_PORTS_RULE = "!has(self.port) || (self.port != 10911 && self.port != 10912)";

    @JsonPropertyDescription("Brokers serve the gRPC endpoint (apache.rocketmq.v2.MessagingService) and the operator keeps the Service <cluster>-grpc. Default true.")
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("Port of the gRPC endpoint on broker pods (container port grpc) and on the Service; not 10911, 10912 or spec.monitoring.port. Default 8081.")
    @Min(1)
    @Max(65535)
    @Default("8081")
    private int port = DEFAULT_PORT;

    @JsonPropertyDescription("The Service <cluster>-grpc in front of every broker pod.")
    private GrpcServiceSpec service = new GrpcServiceSpec();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public GrpcServiceSpec getService() { return service; }
    public void setService(GrpcServiceSpec service) { this.service = service; }

    /** spec.grpc as the operator applies it: the defaults when absent. */
    public static GrpcSpec of(BrokerClusterSpec spec) {
        return spec.getGrpc() == null ? new GrpcSpec() : spec.getGrpc();
    }

    /** spec.grpc.service as the operator applies it: the defaults when absent. */
    public GrpcServiceSpec service() {
        return service == null ? new GrpcServiceSpec() : service;
    }
}
