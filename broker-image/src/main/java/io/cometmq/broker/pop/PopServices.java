package io.cometmq.broker.pop;

import io.cometmq.broker.BrokerStats;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.MessageMetrics;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.pop.PopNames;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the POP request handlers and the revive service share.
 *
 * @param readable      whether the broker's permission lets clients read
 * @param inMemoryBytes commit-log bytes behind the end that count as still in memory (initPopOffsetByCheckMsgInMem);
 *                      the store's {@code TransferSettings.hotBytes}, as for pulls
 * @param order         FIFO pop state, or null while this broker has no implementation (FIFO pops are refused)
 * @param stats         the broker's get counters (runtime info), which popped messages count in
 * @param metrics       messages out, by topic and group, as for pulls
 */
public record PopServices(PopConfig pop, Clock clock, MessageStore store, TopicConfigManager topics,
        SubscriptionGroupManager groups, ConsumerOffsetManager offsets, RoleState role, String brokerName,
        String brokerAddr, InetSocketAddress storeHost, BooleanSupplier readable, long inMemoryBytes,
        ReviveLog reviveLog, PopLongPolling polling, PopOrder order, BrokerStats stats, MessageMetrics metrics) {

    /** The group's retry topics of {@code topic} that exist and POP reads (V2, and V1 unless switched off). */
    List<String> retryTopicsToRead(String topic, String group) {
        List<String> out = new ArrayList<>(2);
        String v2 = PopNames.retryTopicV2(topic, group);
        if (topics.get(v2) != null) {
            out.add(v2);
        }
        String v1 = PopNames.retryTopicV1(topic, group);
        if (pop.retrieveFromRetryTopicV1() && topics.get(v1) != null) {
            out.add(v1);
        }
        return out;
    }

    /** Where the revive service puts unacked messages of {@code topic} popped by {@code group}. */
    String retryTopicToWrite(String topic, String group) {
        return pop.enableRetryTopicV2() ? PopNames.retryTopicV2(topic, group) : PopNames.retryTopicV1(topic, group);
    }
}
