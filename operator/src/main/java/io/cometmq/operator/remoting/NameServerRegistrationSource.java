package io.cometmq.operator.remoting;

import io.cometmq.operator.probe.MasterSlotSource;
import io.cometmq.operator.status.RegistrationSource;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.BrokerData;
import io.cometmq.protocol.body.ClusterInfo;
import io.cometmq.protocol.body.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Asks one NameServer GET_BROKER_CLUSTER_INFO (106, no header) and lists every registered broker as
 * {@code brokerName/brokerId}. Any failure (unreachable, timeout, error code, unreadable body) is thrown, which
 * {@link io.cometmq.operator.status.RegistrationPoller} turns into "try the next NameServer", and finally into
 * "registration unknown".
 */
public final class NameServerRegistrationSource implements RegistrationSource, MasterSlotSource {
    private final RemotingAdmin admin;

    public NameServerRegistrationSource(RemotingAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Set<String> registeredBrokers(String nameServerAddress) throws Exception {
        return keys(clusterInfo(nameServerAddress));
    }

    /**
     * The address each brokerName has registered as brokerId 0 (its master) on this NameServer; a group without a
     * master is absent. The failover controller asks every NameServer this, since a deposed master may linger on one.
     */
    @Override
    public Map<String, String> masterAddresses(String nameServerAddress) throws Exception {
        return masters(clusterInfo(nameServerAddress));
    }

    private byte[] clusterInfo(String nameServerAddress) throws Exception {
        RemotingCommand response = admin.call(nameServerAddress, RequestCode.GET_BROKER_CLUSTER_INFO, null);
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IOException("NameServer " + nameServerAddress + " answered GET_BROKER_CLUSTER_INFO with code "
                    + response.code() + (response.remark() == null ? "" : ": " + response.remark()));
        }
        return response.body();
    }

    /** brokerName → the address registered as brokerId 0, from a ClusterInfo body. */
    static Map<String, String> masters(byte[] body) {
        Map<String, String> masters = new TreeMap<>();
        if (body == null || body.length == 0) {
            return masters;
        }
        ClusterInfo info = Json.decode(body, ClusterInfo.class);
        for (Map.Entry<String, BrokerData> group : info.brokerAddrTable().entrySet()) {
            String brokerName = group.getValue().brokerName() != null ? group.getValue().brokerName() : group.getKey();
            String master = group.getValue().masterAddr();
            if (master != null) {
                masters.put(brokerName, master);
            }
        }
        return masters;
    }

    /** brokerName/brokerId of every address in a ClusterInfo body; no body means no brokers. */
    static Set<String> keys(byte[] body) {
        Set<String> keys = new TreeSet<>();
        if (body == null || body.length == 0) {
            return keys;
        }
        ClusterInfo info = Json.decode(body, ClusterInfo.class);
        for (Map.Entry<String, BrokerData> group : info.brokerAddrTable().entrySet()) {
            String brokerName = group.getValue().brokerName() != null ? group.getValue().brokerName() : group.getKey();
            for (Long brokerId : group.getValue().brokerAddrs().keySet()) {
                keys.add(RegistrationSource.key(brokerName, brokerId));
            }
        }
        return keys;
    }
}
