package io.cometmq.namesrv.route;

import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.TopicConfig;
import java.util.Map;

/**
 * Everything one REGISTER_BROKER says about a broker.
 *
 * @param timeoutMillis   how long the broker may stay silent before it is dropped; null = the NameServer default
 * @param controllerEpoch the operator's epoch the broker holds its role under (ext field {@code cometmqEpoch});
 *                        null for brokers that do not send it (Apache brokers, unmanaged CometMQ brokers)
 * @param externalAddr    where clients outside reach the broker (header field {@code brokerExternalAddr}); null
 *                        when it has none (then external answers leave it out)
 */
public record BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
        String haServerAddr, Long timeoutMillis, boolean enableActingMaster, DataVersion dataVersion,
        Map<String, TopicConfig> topics, Integer controllerEpoch, String externalAddr) {

    public BrokerRegistration {
        topics = topics == null ? Map.of() : topics;
        externalAddr = externalAddr == null || externalAddr.isBlank() ? null : externalAddr;
    }

    /** A registration without an external address. */
    public BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
            String haServerAddr, Long timeoutMillis, boolean enableActingMaster, DataVersion dataVersion,
            Map<String, TopicConfig> topics, Integer controllerEpoch) {
        this(clusterName, brokerName, brokerAddr, brokerId, haServerAddr, timeoutMillis, enableActingMaster,
                dataVersion, topics, controllerEpoch, null);
    }

    /** A registration without a controller epoch (unmanaged broker). */
    public BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
            String haServerAddr, Long timeoutMillis, boolean enableActingMaster, DataVersion dataVersion,
            Map<String, TopicConfig> topics) {
        this(clusterName, brokerName, brokerAddr, brokerId, haServerAddr, timeoutMillis, enableActingMaster,
                dataVersion, topics, null, null);
    }

    public boolean isMaster() {
        return brokerId == 0;
    }
}
