package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.LinkedHashMap;
import java.util.Map;

/** UNREGISTER_BROKER (104): a broker leaving, sent at shutdown. */
public record UnregisterBrokerRequestHeader(String brokerName, String brokerAddr, String clusterName,
        long brokerId) {

    public static UnregisterBrokerRequestHeader decode(RemotingCommand command) {
        ExtFields f = ExtFields.of(command);
        return new UnregisterBrokerRequestHeader(f.required("brokerName"), f.required("brokerAddr"),
                f.required("clusterName"), f.requiredLong("brokerId"));
    }

    public Map<String, String> encode() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("brokerName", brokerName);
        fields.put("brokerAddr", brokerAddr);
        fields.put("clusterName", clusterName);
        fields.put("brokerId", Long.toString(brokerId));
        return fields;
    }
}
