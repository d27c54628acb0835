package io.cometmq.broker;

import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.client.ProducerManager;
import io.cometmq.broker.client.QueueLockManager;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.longpoll.PullRequestHoldService;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.pop.order.PopOrderTable;
import io.cometmq.broker.store.MessageStore;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * The shared services {@link BrokerServer} builds at start-up, kept together only while wiring: no handler receives
 * this record, each gets the parts it uses (see {@link BrokerProcessors}).
 *
 * @param storeHost  this broker's client-facing address, written into every stored record
 * @param brokerAddr the same as {@code ip:port}
 * @param role       current role and broker id (a slave can be promoted)
 * @param metrics    what the message paths record (nothing when metrics are off)
 * @param popOrder   the FIFO pop state (the {@link io.cometmq.broker.pop.PopOrder} of FIFO pops)
 */
record BrokerServices(BrokerConfig config, Clock clock, MessageStore store, TopicConfigManager topics,
        SubscriptionGroupManager groups, ConsumerOffsetManager offsets, PopOrderTable popOrder,
        ConsumerManager consumers,
        ProducerManager producers, QueueLockManager locks, PullRequestHoldService longPolling,
        InetSocketAddress storeHost, String brokerAddr, BrokerStats stats, RoleState role,
        ReplicationService replication, MessageMetrics metrics) {
}
