package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.operator.remoting.ConsumeStatsBody.QueueOffset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.Test;

class ConsumeStatsBodyTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsFastjsonObjectKeys() {
        List<QueueOffset> queues = ConsumeStatsBody.queues(bytes("{\"consumeTps\":1.5,\"offsetTable\":{"
                + "{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"TopicTest\"}:"
                + "{\"brokerOffset\":10,\"consumerOffset\":5,\"lastTimestamp\":1700000000000,\"pullOffset\":0}}}"));
        assertThat(queues).containsExactly(new QueueOffset("TopicTest", "broker-a", 0, 10, 5));
        assertThat(ConsumeStatsBody.backlog(queues)).isEqualTo(5);
    }

    @Test
    void readsStringKeysHoldingTheMessageQueueJson() {
        List<QueueOffset> queues = ConsumeStatsBody.queues(bytes("{\"offsetTable\":{"
                + "\"{\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":3,\\\"topic\\\":\\\"t\\\"}\":{\"brokerOffset\":\"9\","
                + "\"consumerOffset\":2}}}"));
        assertThat(queues).containsExactly(new QueueOffset("t", "b", 3, 9, 2));
    }

    @Test
    void unknownKeyShapesStillCountTheirLag() {
        List<QueueOffset> queues = ConsumeStatsBody.queues(bytes(
                "{\"offsetTable\":{\"t@b@0\":{\"brokerOffset\":4}, 17:{\"brokerOffset\":2,\"consumerOffset\":5}}}"));
        assertThat(queues).extracting(QueueOffset::topic).containsExactly("t@b@0", "17");
        // a consumer ahead of the broker (offset reset) is no negative backlog
        assertThat(ConsumeStatsBody.backlog(queues)).isEqualTo(4);
    }

    @Test
    void systemTopicsDoNotCount() {
        List<QueueOffset> queues = List.of(new QueueOffset("RMQ_SYS_TRANS_HALF_TOPIC", "b", 0, 50, 0),
                new QueueOffset("rmq_sys_REVIVE_LOG_c", "b", 0, 50, 0), new QueueOffset("SCHEDULE_TOPIC_XXXX", "b", 2, 5, 0),
                new QueueOffset("%RETRY%g", "b", 0, 3, 1));
        assertThat(ConsumeStatsBody.backlog(queues)).isEqualTo(2);
    }

    @Test
    void emptyOrMissingTablesMeanNoQueues() {
        assertThat(ConsumeStatsBody.queues(null)).isEmpty();
        assertThat(ConsumeStatsBody.queues(bytes("{\"consumeTps\":0.0}"))).isEmpty();
        assertThat(ConsumeStatsBody.queues(bytes("{\"offsetTable\":{}}"))).isEmpty();
    }

    @Test
    void malformedBodiesAreErrorsNotZero() {
        assertThatThrownBy(() -> ConsumeStatsBody.queues(bytes("{\"offsetTable\":{{\"topic\":\"t\"}:{\"consumerOffset\":1}}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokerOffset");
        assertThatThrownBy(() -> ConsumeStatsBody.queues(bytes("{\"offsetTable\":[1,2]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offsetTable");
        assertThatThrownBy(() -> ConsumeStatsBody.queues(bytes("{\"offsetTable\":{{\"topic\":\"t\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position");
    }

    @Test
    void groupNamesComeFromTheSubscriptionGroupTable() {
        assertThat(ConsumeStatsBody.groupNames(bytes("{\"subscriptionGroupTable\":{\"b\":{\"groupName\":\"b\"},"
                + "\"a\":{}},\"forbiddenTable\":{},\"dataVersion\":{\"counter\":1}}"))).containsExactly("a", "b");
        assertThat(ConsumeStatsBody.groupNames(bytes("{}"))).isEmpty();
    }

    @Test
    void readsTheBodiesAnApacheBrokerWrites() {
        ConsumeStats stats = new ConsumeStats();
        OffsetWrapper offsets = new OffsetWrapper();
        offsets.setBrokerOffset(12);
        offsets.setConsumerOffset(5);
        stats.getOffsetTable().put(new MessageQueue("TopicTest", "broker-a", 1), offsets);
        List<QueueOffset> queues = ConsumeStatsBody.queues(stats.encode());
        assertThat(queues).containsExactly(new QueueOffset("TopicTest", "broker-a", 1, 12, 5));

        SubscriptionGroupWrapper groups = new SubscriptionGroupWrapper();
        groups.getSubscriptionGroupTable().put("g1", new SubscriptionGroupConfig());
        assertThat(ConsumeStatsBody.groupNames(groups.encode())).containsExactly("g1");
    }
}
