package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Whether the user and its ACL are in place on every master of the cluster. Never holds the password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokerUserStatus {

    @JsonPropertyDescription("metadata.generation of the spec the operator last applied.")
    private Long observedGeneration;

    @JsonPropertyDescription("Masters that have the user and ACL / masters the cluster should have, e.g. 2/2.")
    private String brokers;

    @JsonPropertyDescription("Ready: True (reason Applied) when every master has the user and ACL, else False with the reason and the broker's answer.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public String getBrokers() { return brokers; }
    public void setBrokers(String brokers) { this.brokers = brokers; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}
