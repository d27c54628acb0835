package io.cometmq.protocol.body;

import java.util.Map;
import java.util.Set;

/** GET_BROKER_CLUSTER_INFO answer: broker groups by name, and the broker names of each cluster. */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {

    public ClusterInfo {
        brokerAddrTable = brokerAddrTable == null ? Map.of() : brokerAddrTable;
        clusterAddrTable = clusterAddrTable == null ? Map.of() : clusterAddrTable;
    }
}
