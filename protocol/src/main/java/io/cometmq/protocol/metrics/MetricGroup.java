package io.cometmq.protocol.metrics;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigKey;

/**
 * The groups of broker metric families Apache RocketMQ switches on and off one by one ({@code enable*Metrics}),
 * each with its key. docs/METRICS.md lists which family belongs to which group.
 */
public enum MetricGroup {
    /** processor watermarks, permission, topic and group numbers, is_master. */
    STATS(BrokerConfigKeys.ENABLE_STATS_METRICS),
    /** messages and bytes in and out, message sizes, create times. */
    REQUEST(BrokerConfigKeys.ENABLE_REQUEST_METRICS),
    /** producer and consumer connections. */
    CONNECTION(BrokerConfigKeys.ENABLE_CONNECTION_METRICS),
    /** consumer lag, inflight, ready, queueing latency, DLQ sends. */
    LAG_AND_DLQ(BrokerConfigKeys.ENABLE_LAG_AND_DLQ_METRICS),
    /** commits, rollbacks, finish latency, half messages. */
    TRANSACTION(BrokerConfigKeys.ENABLE_TRANSACTION_METRICS),
    /** rocketmq_rpc_latency. */
    REMOTING(BrokerConfigKeys.ENABLE_REMOTING_METRICS),
    /** storage, disk ratio, timer and replication. */
    MESSAGE_STORE(BrokerConfigKeys.ENABLE_MESSAGE_STORE_METRICS),
    /** POP consumption (none yet). */
    POP(BrokerConfigKeys.ENABLE_POP_METRICS);

    private final ConfigKey key;

    MetricGroup(ConfigKey key) {
        this.key = key;
    }

    /** The {@code enable*Metrics} key that switches this group. */
    public ConfigKey key() {
        return key;
    }
}
