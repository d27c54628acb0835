package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of a CometMQ cluster: NameServers, broker groups, tuning and scheduling. */
@ValidationRule(value = BrokerClusterSpec.GRPC_NOT_METRICS_PORT_RULE,
        message = "grpc.port may not be monitoring.port: both listen on every broker pod")
public class BrokerClusterSpec {
    // absent objects count with their defaults (spec.grpc on at 8081, spec.monitoring on at 5557); has() guards what
    // the API server's defaulting normally fills in
    static final String GRPC_NOT_METRICS_PORT_RULE =
            "(has(self.grpc) && has(self.grpc.enabled) && !self.grpc.enabled)"
            + " || (has(self.monitoring) && has(self.monitoring.enabled) && !self.monitoring.enabled)"
            + " || ((has(self.grpc) && has(self.grpc.port)) ? self.grpc.port : " + GrpcSpec.DEFAULT_PORT + ")"
            + " != ((has(self.monitoring) && has(self.monitoring.port)) ? self.monitoring.port : "
            + MonitoringSpec.DEFAULT_PORT + ")";

    @Required
    @JsonPropertyDescription("Container images.")
    private ImagesSpec images = new ImagesSpec();

    @JsonPropertyDescription("NameServer settings.")
    private NameServerSpec nameServer = new NameServerSpec();

    @JsonPropertyDescription("Broker groups, replication, storage and broker.conf extras.")
    private BrokerSpec broker = new BrokerSpec();

    @JsonPropertyDescription("Operating-system tuning of broker pods.")
    private TuningSpec tuning = new TuningSpec();

    @JsonPropertyDescription("Node selection, tolerations and anti-affinity.")
    private SchedulingSpec scheduling = new SchedulingSpec();

    @JsonPropertyDescription("Authentication, authorization (RocketMQ ACL 2.0), TLS and NetworkPolicy. Absent: none.")
    private SecuritySpec security;

    @JsonPropertyDescription("Prometheus metrics of brokers and NameServers and a PodMonitor for them. Absent: on, port 5557.")
    private MonitoringSpec monitoring;

    @JsonPropertyDescription("The gRPC endpoint of RocketMQ 5 SDKs on every broker and the Service <cluster>-grpc in front of them. Absent: on, port 8081, ClusterIP.")
    private GrpcSpec grpc;

    @JsonPropertyDescription("Access for clients outside Kubernetes: a Service per broker pod and one for the NameServers, their addresses registered by the brokers and shown in status.externalAccess. Absent: off.")
    private ExternalAccessSpec externalAccess;

    public ImagesSpec getImages() { return images; }
    public void setImages(ImagesSpec images) { this.images = images; }
    public NameServerSpec getNameServer() { return nameServer; }
    public void setNameServer(NameServerSpec nameServer) { this.nameServer = nameServer; }
    public BrokerSpec getBroker() { return broker; }
    public void setBroker(BrokerSpec broker) { this.broker = broker; }
    public TuningSpec getTuning() { return tuning; }
    public void setTuning(TuningSpec tuning) { this.tuning = tuning; }
    public SchedulingSpec getScheduling() { return scheduling; }
    public void setScheduling(SchedulingSpec scheduling) { this.scheduling = scheduling; }
    public SecuritySpec getSecurity() { return security; }
    public void setSecurity(SecuritySpec security) { this.security = security; }
    public MonitoringSpec getMonitoring() { return monitoring; }
    public void setMonitoring(MonitoringSpec monitoring) { this.monitoring = monitoring; }
    public GrpcSpec getGrpc() { return grpc; }
    public void setGrpc(GrpcSpec grpc) { this.grpc = grpc; }
    public ExternalAccessSpec getExternalAccess() { return externalAccess; }
    public void setExternalAccess(ExternalAccessSpec externalAccess) { this.externalAccess = externalAccess; }
}
