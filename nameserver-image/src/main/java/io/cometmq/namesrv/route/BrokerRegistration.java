package io.cometmq.namesrv.route;

import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.TopicConfig;
import java.util.Map;

/**
 * Everything one REGISTER_BROKER says about a broker.
 *
 * @param timeoutMillis how long the broker may stay silent before it is dropped; null = the NameServer default
 */
public record BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
        String haServerAddr, Long timeoutMillis, boolean enableActingMaster, DataVersion dataVersion,
        Map<String, TopicConfig> topics) {

    public BrokerRegistration {
        topics = topics == null ? Map.of() : topics;
    }

    public boolean isMaster() {
        return brokerId == 0;
    }
}
