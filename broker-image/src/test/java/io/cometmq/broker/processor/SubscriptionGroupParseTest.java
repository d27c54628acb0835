package io.cometmq.broker.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.meta.SubscriptionGroupConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubscriptionGroupParseTest {

    @Test
    void partialBodyChangesOnlyTheFieldsItNamesAndIgnoresUnknownOnes() {
        SubscriptionGroupConfig config = SubscriptionGroupProcessor.parse(("{\"groupName\":\"g1\",\"retryMaxTimes\":3,"
                + "\"consumeMessageOrderly\":true,\"groupRetryPolicy\":{\"type\":\"CUSTOMIZED\"},\"brokerId\":null}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(config).isEqualTo(new SubscriptionGroupConfig("g1", true, true, true, 1, 3, 0, 1, true));
    }

    @Test
    void bodyWithoutGroupNameIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> SubscriptionGroupProcessor.parse("{\"retryMaxTimes\":3}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupName");
    }
}
