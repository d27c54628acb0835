package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.operator.remoting.ConsumeStatsBody.QueueOffset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
        "{offsetTable:{'t@b@0':{brokerOffset:4}, 17:{brokerOffset:2,consumerOffset:5}}}"));
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
  void lenientJsonReadsWhatFastjsonWrites() {
    Object parsed = LenientJson.parse("{\"brokerAddrs\":{0:\"10.0.0.1:10911\",1:'10.0.0.2:10911'},"
        + "\"x\":[true,false,null,-1.25,\"\\u0041\\n\"]}");
    assertThat(parsed).isEqualTo(Map.of("brokerAddrs", Map.of("0", "10.0.0.1:10911", "1", "10.0.0.2:10911"),
        "x", java.util.Arrays.asList(true, false, null, new java.math.BigDecimal("-1.25"), "A\n")));
    assertThatThrownBy(() -> LenientJson.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LenientJson.parse("{\"a\":bogus}")).isInstanceOf(IllegalArgumentException.class);
  }
}
