package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** Readiness of one broker group and of each of its brokers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupStatus {

    @JsonPropertyDescription("Group index, 0-based.")
    private int index = 0;

    @JsonPropertyDescription("brokerName shared by the master and its slaves.")
    private String brokerName;

    @JsonPropertyDescription("Pod that is master of the group, as the role ConfigMap <c>-broker-<g>-role says.")
    private String master;

    @JsonPropertyDescription("Controller epoch of that assignment: grows by one with every failover or switchover.")
    private Integer epoch;

    @JsonPropertyDescription("SYNC replication: the master's offset a slave last acknowledged, as the operator observed it.")
    private Long confirmedOffset;

    @JsonPropertyDescription("Slaves in sync with the master at the last observation (SYNC: promotable without loss).")
    private List<String> inSync;

    @JsonPropertyDescription("Since when the master is unavailable (RFC 3339); absent while it is available.")
    private String masterUnavailableSince;

    @JsonPropertyDescription("The latest change of master the operator made.")
    private FailoverStatus lastFailover;

    @JsonPropertyDescription("Why a needed failover or switchover cannot happen now.")
    private String failoverProblem;

    @JsonPropertyDescription("True when the pod that is master is ready.")
    private boolean masterReady = false;

    @JsonPropertyDescription("Ready/desired pods that are not master, e.g. 1/1.")
    private String slavesReady;

    @JsonPropertyDescription("Drain state when cometmq.io/drain-group names this group: Draining, Drained or Failed.")
    private String drain;

    @JsonPropertyDescription("Messages not yet consumed, while draining.")
    private Long backlog;

    @JsonPropertyDescription("Each broker of the group and whether the NameServer sees it registered.")
    private List<BrokerStatus> brokers = new ArrayList<>();

    public int getIndex() { return index; }
    public void setIndex(int index) { this.index = index; }
    public String getBrokerName() { return brokerName; }
    public void setBrokerName(String brokerName) { this.brokerName = brokerName; }
    public String getMaster() { return master; }
    public void setMaster(String master) { this.master = master; }
    public Integer getEpoch() { return epoch; }
    public void setEpoch(Integer epoch) { this.epoch = epoch; }
    public Long getConfirmedOffset() { return confirmedOffset; }
    public void setConfirmedOffset(Long confirmedOffset) { this.confirmedOffset = confirmedOffset; }
    public List<String> getInSync() { return inSync; }
    public void setInSync(List<String> inSync) { this.inSync = inSync; }
    public String getMasterUnavailableSince() { return masterUnavailableSince; }
    public void setMasterUnavailableSince(String masterUnavailableSince) { this.masterUnavailableSince = masterUnavailableSince; }
    public FailoverStatus getLastFailover() { return lastFailover; }
    public void setLastFailover(FailoverStatus lastFailover) { this.lastFailover = lastFailover; }
    public String getFailoverProblem() { return failoverProblem; }
    public void setFailoverProblem(String failoverProblem) { this.failoverProblem = failoverProblem; }
    public boolean isMasterReady() { return masterReady; }
    public void setMasterReady(boolean masterReady) { this.masterReady = masterReady; }
    public String getSlavesReady() { return slavesReady; }
    public void setSlavesReady(String slavesReady) { this.slavesReady = slavesReady; }
    public String getDrain() { return drain; }
    public void setDrain(String drain) { this.drain = drain; }
    public Long getBacklog() { return backlog; }
    public void setBacklog(Long backlog) { this.backlog = backlog; }
    public List<BrokerStatus> getBrokers() { return brokers; }
    public void setBrokers(List<BrokerStatus> brokers) { this.brokers = brokers; }
}
