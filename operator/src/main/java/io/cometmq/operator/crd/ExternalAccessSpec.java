package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access for clients outside Kubernetes (docs/OPERATOR.md, "Clients outside Kubernetes"): a Service per broker pod
 * ({@code <pod>-external}) and one for the NameServers ({@code <cluster>-nameserver-external}, their external
 * listener), whose addresses the operator discovers and hands to the brokers through the ConfigMap
 * {@code <cluster>-external-addresses}. Absent or {@code enabled: false}: nothing of it exists.
 *
 * <p>Annotation keys and source ranges are checked by SpecChecker (InvalidExternalAccess): a CEL rule over map keys
 * or list items would exceed the API server's cost budget, as for the sysctls.
 */
public class ExternalAccessSpec {
    public static final int MAX_ANNOTATIONS = 32;
    public static final int MAX_SOURCE_RANGES = 64;

    @JsonPropertyDescription("Create the external Services and publish their addresses to brokers and status.externalAccess. Default false.")
    @Default("false")
    private boolean enabled;

    @JsonPropertyDescription("LoadBalancer (default: an address per broker from the cloud's load balancers) or NodePort (a node's address and a node port).")
    @Default("LoadBalancer")
    private ExternalServiceType type = ExternalServiceType.LoadBalancer;

    @JsonPropertyDescription("Annotations of every external Service, e.g. a cloud load balancer's settings.")
    @Size(max = MAX_ANNOTATIONS)
    private Map<String, @Size(max = 4096) String> annotations = new LinkedHashMap<>();

    @JsonPropertyDescription("CIDRs allowed to reach the load balancers (Service spec.loadBalancerSourceRanges), e.g. 203.0.113.0/24.")
    @Size(max = MAX_SOURCE_RANGES)
    private List<@Size(max = 64) String> loadBalancerSourceRanges = new ArrayList<>();

    @JsonPropertyDescription("Cluster (default) or Local (keep the client's source address; only nodes running the pod answer).")
    @Default("Cluster")
    private TrafficPolicy externalTrafficPolicy = TrafficPolicy.Cluster;

    @JsonPropertyDescription("NodePort: which node address to publish: ExternalIP (default, falling back to InternalIP when a node has none) or InternalIP.")
    @Default("ExternalIP")
    private NodeAddressType nodeAddressType = NodeAddressType.ExternalIP;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public ExternalServiceType getType() { return type; }
    public void setType(ExternalServiceType type) { this.type = type; }
    public Map<String, String> getAnnotations() { return annotations; }
    public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
    public List<String> getLoadBalancerSourceRanges() { return loadBalancerSourceRanges; }
    public void setLoadBalancerSourceRanges(List<String> ranges) { this.loadBalancerSourceRanges = ranges; }
    public TrafficPolicy getExternalTrafficPolicy() { return externalTrafficPolicy; }
    public void setExternalTrafficPolicy(TrafficPolicy policy) { this.externalTrafficPolicy = policy; }
    public NodeAddressType getNodeAddressType() { return nodeAddressType; }
    public void setNodeAddressType(NodeAddressType nodeAddressType) { this.nodeAddressType = nodeAddressType; }

    /** spec.externalAccess as the operator applies it: off when absent. */
    public static ExternalAccessSpec of(BrokerClusterSpec spec) {
        return spec.getExternalAccess() == null ? new ExternalAccessSpec() : spec.getExternalAccess();
    }

    /** The type, LoadBalancer when left null by a client that skipped defaulting. */
    public ExternalServiceType type() {
        return type == null ? ExternalServiceType.LoadBalancer : type;
    }

    public TrafficPolicy trafficPolicy() {
        return externalTrafficPolicy == null ? TrafficPolicy.Cluster : externalTrafficPolicy;
    }

    public NodeAddressType nodeAddressType() {
        return nodeAddressType == null ? NodeAddressType.ExternalIP : nodeAddressType;
    }

    /** The Service types that give an address outside the cluster. */
    public enum ExternalServiceType { NodePort, LoadBalancer }

    /** Service spec.externalTrafficPolicy. */
    public enum TrafficPolicy { Cluster, Local }

    /** Node status.addresses types the operator publishes for NodePort. */
    public enum NodeAddressType { ExternalIP, InternalIP }
}
