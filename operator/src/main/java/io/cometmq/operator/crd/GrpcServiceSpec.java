package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Service of spec.grpc. Annotation values are bounded by the schema; annotation keys are checked by SpecChecker
 * (a CEL rule over map keys would exceed the API server's cost budget, as for the sysctls).
 */
public class GrpcServiceSpec {
    public static final int MAX_ANNOTATIONS = 32;

    @JsonPropertyDescription("ClusterIP (in-cluster clients), NodePort or LoadBalancer (clients outside the cluster). Default ClusterIP.")
    @Default("ClusterIP")
    private ServiceType type = ServiceType.ClusterIP;

    @JsonPropertyDescription("Annotations of the Service, e.g. a cloud load balancer's settings.")
    @Size(max = MAX_ANNOTATIONS)
    private Map<String, @Size(max = 4096) String> annotations = new LinkedHashMap<>();

    public ServiceType getType() { return type; }
    public void setType(ServiceType type) { this.type = type; }
    public Map<String, String> getAnnotations() { return annotations; }
    public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }

    /** Kubernetes' Service types that publish a port (ExternalName does not). */
    public enum ServiceType { ClusterIP, NodePort, LoadBalancer }
}
