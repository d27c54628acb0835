package io.cometmq.broker.metrics;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.client.ProducerManager;
import io.cometmq.broker.delay.ScheduleService;
import io.cometmq.broker.delay.TimerService;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.transaction.TransactionLog;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;

/**
 * The broker components the gauge families read, as {@code BrokerServer} wires them.
 *
 * @param watermarks queued requests per Apache processor name (the 12 of {@code rocketmq_processor_watermark})
 * @param scheduler  runs the label-set refresh of the families whose series come and go; shut down with the broker
 */
public record BrokerGaugeSources(BrokerConfig config, Clock clock, MessageStore store, TopicConfigManager topics,
        SubscriptionGroupManager groups, ConsumerOffsetManager offsets, ConsumerManager consumers,
        ProducerManager producers, RoleState role, ReplicationService replication, TransactionLog transactions,
        TimerService timer, ScheduleService schedule, Map<String, IntSupplier> watermarks,
        ScheduledExecutorService scheduler) {
}
