package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Pattern;

/** Container images of the cluster. No defaults: the operator never guesses which build you run. */
public class ImagesSpec {

    @Required
    @JsonPropertyDescription("NameServer image, e.g. cometmq/nameserver:0.1.0.")
    @Pattern("^\\S+$")
    private String nameServer;

    @Required
    @JsonPropertyDescription("Broker image, e.g. cometmq/broker:0.1.0. Also runs the sysctl init container.")
    @Pattern("^\\S+$")
    private String broker;

    @JsonPropertyDescription("Image pull policy for every container.")
    private PullPolicy pullPolicy = PullPolicy.IfNotPresent;

    public String getNameServer() { return nameServer; }
    public void setNameServer(String nameServer) { this.nameServer = nameServer; }
    public String getBroker() { return broker; }
    public void setBroker(String broker) { this.broker = broker; }
    public PullPolicy getPullPolicy() { return pullPolicy; }
    public void setPullPolicy(PullPolicy pullPolicy) { this.pullPolicy = pullPolicy; }
}
