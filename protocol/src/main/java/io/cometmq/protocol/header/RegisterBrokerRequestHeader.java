package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * REGISTER_BROKER (103): a broker announcing itself and its topics to a NameServer.
 *
 * @param brokerExternalAddr CometMQ extension (ext field {@value #EXTERNAL_ADDR_FIELD}): the host:port clients outside
 *                           reach this broker at; null when it has none. Apache NameServers ignore the field.
 */
public record RegisterBrokerRequestHeader(String brokerName, String brokerAddr, String clusterName,
        String haServerAddr, long brokerId, Long heartbeatTimeoutMillis, boolean enableActingMaster,
        boolean compressed, int bodyCrc32, String brokerExternalAddr) {

    public static final String EXTERNAL_ADDR_FIELD = "brokerExternalAddr";

    public RegisterBrokerRequestHeader {
        brokerExternalAddr = brokerExternalAddr == null || brokerExternalAddr.isBlank() ? null : brokerExternalAddr;
    }

    /** A registration without an external address (what Apache brokers send). */
    public RegisterBrokerRequestHeader(String brokerName, String brokerAddr, String clusterName,
            String haServerAddr, long brokerId, Long heartbeatTimeoutMillis, boolean enableActingMaster,
            boolean compressed, int bodyCrc32) {
        this(brokerName, brokerAddr, clusterName, haServerAddr, brokerId, heartbeatTimeoutMillis, enableActingMaster,
                compressed, bodyCrc32, null);
    }

    public static RegisterBrokerRequestHeader decode(RemotingCommand command) {
        ExtFields f = ExtFields.of(command);
        String timeout = f.optional("heartbeatTimeoutMillis");
        return new RegisterBrokerRequestHeader(f.required("brokerName"), f.required("brokerAddr"),
                f.required("clusterName"), f.optional("haServerAddr", ""), f.requiredLong("brokerId"),
                timeout == null ? null : f.optionalLong("heartbeatTimeoutMillis", 0),
                f.optionalBoolean("enableActingMaster", false), f.optionalBoolean("compressed", false),
                f.optionalInt("bodyCrc32", 0), f.optional(EXTERNAL_ADDR_FIELD));
    }

    public Map<String, String> encode() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("brokerName", brokerName);
        fields.put("brokerAddr", brokerAddr);
        fields.put("clusterName", clusterName);
        fields.put("haServerAddr", haServerAddr);
        fields.put("brokerId", Long.toString(brokerId));
        if (heartbeatTimeoutMillis != null) {
            fields.put("heartbeatTimeoutMillis", Long.toString(heartbeatTimeoutMillis));
        }
        fields.put("enableActingMaster", Boolean.toString(enableActingMaster));
        fields.put("compressed", Boolean.toString(compressed));
        fields.put("bodyCrc32", Integer.toString(bodyCrc32));
        if (brokerExternalAddr != null) {
            fields.put(EXTERNAL_ADDR_FIELD, brokerExternalAddr);
        }
        return fields;
    }
}
