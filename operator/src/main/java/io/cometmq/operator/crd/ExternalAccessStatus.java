package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What spec.externalAccess turned into: the addresses clients outside the cluster use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalAccessStatus {
    public static final String PENDING = "Pending";
    public static final String READY = "Ready";
    public static final String DISABLED = "Disabled";

    @JsonPropertyDescription("Ready (every broker and the NameServers have an external address), Pending (waiting for load balancers, node ports or node addresses; message says which) or Disabled (spec.externalAccess was turned off).")
    private String state;

    @JsonPropertyDescription("host:port of the NameServers' external Service: the namesrvAddr to give clients outside the cluster.")
    private String nameServerAddress;

    @JsonPropertyDescription("The external address of each broker pod that has one, as the brokers register it.")
    private List<BrokerAddress> brokers = new ArrayList<>();

    @JsonPropertyDescription("What is missing while Pending, for people.")
    private String message;

    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getNameServerAddress() { return nameServerAddress; }
    public void setNameServerAddress(String nameServerAddress) { this.nameServerAddress = nameServerAddress; }
    public List<BrokerAddress> getBrokers() { return brokers; }
    public void setBrokers(List<BrokerAddress> brokers) { this.brokers = brokers; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }

    /** One broker pod's external address. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BrokerAddress {
        @JsonPropertyDescription("The broker pod.")
        private String pod;

        @JsonPropertyDescription("host:port clients outside the cluster reach it at.")
        private String address;

        public BrokerAddress() {
        }

        public BrokerAddress(String pod, String address) {
            this.pod = pod;
            this.address = address;
        }

        public String getPod() { return pod; }
        public void setPod(String pod) { this.pod = pod; }
        public String getAddress() { return address; }
        public void setAddress(String address) { this.address = address; }

        @Override
        public boolean equals(Object o) {
            return o instanceof BrokerAddress other && Objects.equals(pod, other.pod)
                    && Objects.equals(address, other.address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pod, address);
        }
    }
}
