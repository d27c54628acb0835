package io.cometmq.operator.reconcile;

import java.util.List;

/**
 * A broker group to drain: its brokerName, the addresses of its brokers (master first) and the
 * NameServer address list, which is all a real drainer needs to reach it.
 */
public record DrainTarget(String namespace, String cluster, int group, String brokerName,
    List<String> brokerAddresses, String nameServerAddress) {}
