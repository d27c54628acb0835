package io.cometmq.broker.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.meta.GroupRetryPolicy;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.cometmq.protocol.body.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionGroupParseTest {

    private static SubscriptionGroupConfig parse(String json) {
        return SubscriptionGroupProcessor.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void partialBodyChangesOnlyTheFieldsItNamesAndIgnoresUnknownOnes() {
        SubscriptionGroupConfig config = parse("{\"groupName\":\"g1\",\"retryMaxTimes\":3,"
                + "\"consumeMessageOrderly\":true,\"groupRetryPolicy\":{\"type\":\"CUSTOMIZED\"},\"brokerId\":null,"
                + "\"someFutureField\":1}");

        assertThat(config).isEqualTo(new SubscriptionGroupConfig("g1", true, true, true, true, 1, 3,
                GroupRetryPolicy.DEFAULT, 0, 1, true, 0, 15, null, Map.of()));
    }

    @Test
    void everyApacheFieldIsKeptAndWrittenBackUnderItsName() {
        SubscriptionGroupConfig config = parse("{\"groupName\":\"g1\",\"consumeMessageOrderly\":true,"
                + "\"groupRetryPolicy\":{\"type\":\"EXPONENTIAL\",\"exponentialRetryPolicy\":{\"initial\":1000,"
                + "\"max\":60000,\"multiplier\":3}},\"groupSysFlag\":1,\"consumeTimeoutMinute\":5,"
                + "\"subscriptionDataSet\":[{\"topic\":\"t\",\"expressionType\":\"TAG\",\"expression\":\"a||b\","
                + "\"version\":7}],\"attributes\":{\"k\":\"v\"}}");

        assertThat(config.consumeMessageOrderly()).isTrue();
        assertThat(config.groupRetryPolicy().policy()).isEqualTo(new GroupRetryPolicy.Exponential(1000L, 60000L, 3L));
        assertThat(config.groupSysFlag()).isEqualTo(1);
        assertThat(config.consumeTimeoutMinute()).isEqualTo(5);
        assertThat(config.subscriptionDataSet()).containsExactly(
                new SubscriptionGroupConfig.SimpleSubscription("t", "TAG", "a||b", 7));
        assertThat(config.attributes()).isEqualTo(Map.of("k", "v"));
        assertThat(parse(Json.toString(Json.encode(config)))).isEqualTo(config);
    }

    @Test
    void retryPoliciesComputeApachesDelays() {
        GroupRetryPolicy.RetryPolicy customized = GroupRetryPolicy.DEFAULT.policy();
        assertThat(customized.nextDelayMillis(0)).as("first retry: the third delay, 10 s").isEqualTo(10_000);
        assertThat(customized.nextDelayMillis(100)).isEqualTo(7_200_000);
        GroupRetryPolicy.Exponential exponential = GroupRetryPolicy.Exponential.DEFAULTS;
        assertThat(List.of(exponential.nextDelayMillis(0), exponential.nextDelayMillis(2),
                exponential.nextDelayMillis(40))).containsExactly(5_000L, 20_000L, 7_200_000L);
        assertThat(new GroupRetryPolicy(GroupRetryPolicy.Type.EXPONENTIAL, null, null).policy())
                .as("EXPONENTIAL without settings: Apache's default policy").isEqualTo(customized);
    }

    @Test
    void bodyWithoutGroupNameIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> parse("{\"retryMaxTimes\":3}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupName");
    }

    @Test
    void anUnknownRetryPolicyTypeIsRejectedNamingTheGroup() {
        assertThatThrownBy(() -> parse("{\"groupName\":\"g1\",\"groupRetryPolicy\":{\"type\":\"LINEAR\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group g1")
                .hasMessageContaining("LINEAR");
    }
}
