package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What kubectl describe shows: conditions, the NameServer address list and per-group readiness. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokerClusterStatus {

    @JsonPropertyDescription("metadata.generation of the spec the operator last acted on.")
    private Long observedGeneration;

    @JsonPropertyDescription("Creating, Running, Updating, Degraded or Paused: a summary of the conditions.")
    private String phase;

    @JsonPropertyDescription("NameServer addresses for clients, host:port;host:port (RocketMQ namesrvAddr format).")
    private String nameServerAddress;

    @JsonPropertyDescription("Ready/desired NameServers, e.g. 2/2.")
    private String nameServers;

    @JsonPropertyDescription("Ready/desired broker groups, e.g. 1/2.")
    private String groupsReady;

    @JsonPropertyDescription("Master pod of each group, e.g. 0=dev-broker-0-slave-0,1=dev-broker-1-master-0.")
    private String masters;

    @JsonPropertyDescription("Ready, Progressing, Degraded and TuningApplied.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("One entry per broker group that exists, including groups waiting for removal.")
    private List<GroupStatus> groups = new ArrayList<>();

    @JsonPropertyDescription("Authentication, TLS and NetworkPolicy as applied; absent without spec.security.")
    private SecurityStatus security;

    @JsonPropertyDescription("The metrics port and whether a PodMonitor scrapes it.")
    private MonitoringStatus monitoring;

    @JsonPropertyDescription("Where RocketMQ 5 SDKs connect: <cluster>-grpc.<namespace>.svc:<port> once the Service exists; empty while spec.grpc is off.")
    private String grpcEndpoint;

    @JsonPropertyDescription("Addresses for clients outside Kubernetes while spec.externalAccess is on: nameServerAddress is their namesrvAddr.")
    private ExternalAccessStatus externalAccess;

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public String getNameServerAddress() { return nameServerAddress; }
    public void setNameServerAddress(String nameServerAddress) { this.nameServerAddress = nameServerAddress; }
    public String getNameServers() { return nameServers; }
    public void setNameServers(String nameServers) { this.nameServers = nameServers; }
    public String getGroupsReady() { return groupsReady; }
    public void setGroupsReady(String groupsReady) { this.groupsReady = groupsReady; }
    public String getMasters() { return masters; }
    public void setMasters(String masters) { this.masters = masters; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public List<GroupStatus> getGroups() { return groups; }
    public void setGroups(List<GroupStatus> groups) { this.groups = groups; }
    public SecurityStatus getSecurity() { return security; }
    public void setSecurity(SecurityStatus security) { this.security = security; }
    public MonitoringStatus getMonitoring() { return monitoring; }
    public void setMonitoring(MonitoringStatus monitoring) { this.monitoring = monitoring; }
    public String getGrpcEndpoint() { return grpcEndpoint; }
    public void setGrpcEndpoint(String grpcEndpoint) { this.grpcEndpoint = grpcEndpoint; }
    public ExternalAccessStatus getExternalAccess() { return externalAccess; }
    public void setExternalAccess(ExternalAccessStatus externalAccess) { this.externalAccess = externalAccess; }
}
