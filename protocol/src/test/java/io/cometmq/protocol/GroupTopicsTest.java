package io.cometmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.rocketmq.common.MixAll;
import org.junit.jupiter.api.Test;

class GroupTopicsTest {

    @Test
    void namesTheGroupTopicsAsTheApacheClientDoes() {
        assertThat(GroupTopics.retryTopic("billing")).isEqualTo(MixAll.getRetryTopic("billing"));
        assertThat(GroupTopics.dlqTopic("billing")).isEqualTo(MixAll.getDLQTopic("billing"));
    }

    @Test
    void findsTheGroupOfARetryTopic() {
        assertThat(GroupTopics.isRetryTopic("%RETRY%billing")).isTrue();
        assertThat(GroupTopics.isRetryTopic("%DLQ%billing")).isFalse();
        assertThat(GroupTopics.groupOfRetryTopic("%RETRY%billing")).isEqualTo("billing");
    }

    @Test
    void refusesToFindTheGroupOfAnOrdinaryTopic() {
        assertThatThrownBy(() -> GroupTopics.groupOfRetryTopic("Orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Orders'");
    }
}
