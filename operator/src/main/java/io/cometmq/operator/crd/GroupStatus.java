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

    @JsonPropertyDescription("True when the master pod is ready.")
    private boolean masterReady = false;

    @JsonPropertyDescription("Ready/desired slave pods, e.g. 1/1.")
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
