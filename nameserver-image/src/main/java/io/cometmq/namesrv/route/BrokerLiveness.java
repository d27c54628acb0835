package io.cometmq.namesrv.route;

import io.cometmq.protocol.body.DataVersion;

/**
 * What the NameServer remembers about one live broker address.
 *
 * @param connection   the connection it registered over (dropping it drops the broker), or null
 * @param externalAddr the address clients outside reach it at (its last registration said so), or null
 */
record BrokerLiveness(String clusterName, String brokerName, long brokerId, String haServerAddr,
        long lastUpdateMillis, long timeoutMillis, DataVersion dataVersion, Object connection, String externalAddr) {

    boolean expiredAt(long nowMillis) {
        return nowMillis - lastUpdateMillis > timeoutMillis;
    }

    BrokerLiveness touchedAt(long nowMillis) {
        return new BrokerLiveness(clusterName, brokerName, brokerId, haServerAddr, nowMillis, timeoutMillis,
                dataVersion, connection, externalAddr);
    }
}
