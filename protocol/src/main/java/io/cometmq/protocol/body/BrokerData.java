package io.cometmq.protocol.body;

import java.util.Map;
import java.util.TreeMap;

/** One broker group: its name, cluster and addresses by broker id (0 = master). */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs,
        boolean enableActingMaster, String zoneName) {

    public BrokerData {
        brokerAddrs = brokerAddrs == null ? new TreeMap<>() : new TreeMap<>(brokerAddrs);
    }

    public String masterAddr() {
        return brokerAddrs.get(0L);
    }
}
