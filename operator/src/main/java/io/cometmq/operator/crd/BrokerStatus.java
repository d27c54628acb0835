package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One broker pod of a group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokerStatus {

    @JsonPropertyDescription("brokerId it registers with: 0 for the pod that is master, else its slave id (1..n for the slave StatefulSet's pods, 5 for the master StatefulSet's pod).")
    private int brokerId = 0;

    @JsonPropertyDescription("Pod name.")
    private String pod;

    @JsonPropertyDescription("Stable address the broker advertises, host:port.")
    private String address;

    @JsonPropertyDescription("Whether a NameServer lists this broker; absent when the operator cannot ask.")
    private Boolean registered;

    @JsonPropertyDescription("Open-file limit the broker process runs with, as it reports it; absent until it answered.")
    private Long nofileLimit;

    public Long getNofileLimit() { return nofileLimit; }
    public void setNofileLimit(Long nofileLimit) { this.nofileLimit = nofileLimit; }
    public int getBrokerId() { return brokerId; }
    public void setBrokerId(int brokerId) { this.brokerId = brokerId; }
    public String getPod() { return pod; }
    public void setPod(String pod) { this.pod = pod; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public Boolean getRegistered() { return registered; }
    public void setRegistered(Boolean registered) { this.registered = registered; }
}
