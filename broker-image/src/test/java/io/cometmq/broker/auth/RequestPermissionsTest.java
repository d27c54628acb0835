package io.cometmq.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each request needs, as Apache's DefaultAuthorizationContextBuilder decides it. */
class RequestPermissionsTest {

    private final RequestPermissions permissions = new RequestPermissions("TestCluster");

    private List<String> needed(int code, Map<String, String> fields, String body) {
        RemotingCommand request = RemotingCommand.request(code, fields);
        if (body != null) {
            request.body(body.getBytes(StandardCharsets.UTF_8));
        }
        return permissions.of(request).stream()
                .map(p -> p.resource().key() + " " + String.join(",", p.actions().stream()
                        .map(Action::displayName).toList()))
                .toList();
    }

    @Test
    void sendsNeedPubOnTheTopicAndASendToARetryTopicNeedsItsGroup() {
        assertThat(needed(RequestCode.SEND_MESSAGE_V2, Map.of("a", "pg", "b", "orders"), null))
                .containsExactly("Topic:orders Pub");
        assertThat(needed(RequestCode.SEND_BATCH_MESSAGE, Map.of("a", "billing", "b", "%RETRY%billing"), null))
                .containsExactly("Group:billing Sub");
        assertThat(needed(RequestCode.SEND_MESSAGE, Map.of("topic", "%RETRY%billing"), null))
                .containsExactly("Group:billing Sub");
        assertThat(needed(RequestCode.SEND_REPLY_MESSAGE_V2, Map.of("b", "reply-topic"), null))
                .containsExactly("Topic:reply-topic Pub");
        assertThat(needed(RequestCode.END_TRANSACTION, Map.of("topic", "orders"), null))
                .containsExactly("Topic:orders Pub");
    }

    @Test
    void consumingNeedsTopicAndGroup() {
        assertThat(needed(RequestCode.PULL_MESSAGE, Map.of("topic", "orders", "consumerGroup", "billing"), null))
                .containsExactly("Topic:orders Sub", "Group:billing Sub");
        for (int pop : new int[] {RequestCode.POP_MESSAGE, RequestCode.ACK_MESSAGE,
                RequestCode.CHANGE_MESSAGE_INVISIBLETIME, RequestCode.NOTIFICATION}) {
            assertThat(needed(pop, Map.of("topic", "orders", "consumerGroup", "billing"), null))
                    .containsExactly("Topic:orders Sub", "Group:billing Sub");
        }
        assertThat(needed(RequestCode.LITE_PULL_MESSAGE, Map.of("topic", "%RETRY%billing",
                "consumerGroup", "billing"), null)).containsExactly("Group:billing Sub");
        assertThat(needed(RequestCode.UPDATE_CONSUMER_OFFSET, Map.of("topic", "orders", "consumerGroup", "billing"),
                null)).containsExactly("Topic:orders Sub,Update", "Group:billing Sub,Update");
        assertThat(needed(RequestCode.QUERY_CONSUMER_OFFSET, Map.of("topic", "orders", "consumerGroup", "billing"),
                null)).containsExactly("Topic:orders Sub,Get", "Group:billing Sub,Get");
        assertThat(needed(RequestCode.CONSUMER_SEND_MSG_BACK, Map.of("group", "billing"), null))
                .containsExactly("Group:billing Sub");
    }

    @Test
    void heartbeatsAndLocksNeedTheirGroupsAndTopicsFromTheBody() {
        assertThat(needed(RequestCode.HEART_BEAT, Map.of(), "{\"clientID\":\"c\",\"producerDataSet\":"
                + "[{\"groupName\":\"pg\"}],\"consumerDataSet\":[{\"groupName\":\"billing\",\"subscriptionDataSet\":"
                + "[{\"topic\":\"orders\"},{\"topic\":\"%RETRY%billing\"}]}]}"))
                .containsExactly("Group:billing Sub", "Topic:orders Sub");
        assertThat(needed(RequestCode.HEART_BEAT, Map.of(), "{\"clientID\":\"c\",\"producerDataSet\":"
                + "[{\"groupName\":\"pg\"}]}")).isEmpty();
        assertThat(needed(RequestCode.LOCK_BATCH_MQ, Map.of(), "{\"consumerGroup\":\"billing\",\"mqSet\":"
                + "[{\"topic\":\"orders\",\"brokerName\":\"b\",\"queueId\":0}]}"))
                .containsExactly("Group:billing Sub", "Topic:orders Sub");
    }

    @Test
    void administrationNeedsTheResourceOrTheCluster() {
        assertThat(needed(RequestCode.UPDATE_AND_CREATE_TOPIC, Map.of("topic", "t"), null))
                .containsExactly("Topic:t Create");
        assertThat(needed(RequestCode.DELETE_SUBSCRIPTIONGROUP, Map.of("groupName", "g"), null))
                .containsExactly("Group:g Delete");
        assertThat(needed(RequestCode.GET_CONSUME_STATS, Map.of("consumerGroup", "g", "topicList", "a;b"), null))
                .containsExactly("Group:g Get", "Topic:a Get", "Topic:b Get");
        assertThat(needed(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, Map.of(), "{\"groupName\":\"g\"}"))
                .containsExactly("Group:g Create");
        assertThat(needed(RequestCode.SET_MESSAGE_REQUEST_MODE, Map.of(),
                "{\"topic\":\"t\",\"consumerGroup\":\"g\",\"mode\":\"POP\"}"))
                .containsExactly("Group:g Update", "Topic:t Update");
        assertThat(needed(RequestCode.AUTH_CREATE_USER, Map.of("username", "u"), null))
                .containsExactly("Cluster:TestCluster Update");
        assertThat(needed(RequestCode.AUTH_LIST_ACL, Map.of(), null)).containsExactly("Cluster:TestCluster Get");
        assertThat(needed(RequestCode.UPDATE_BROKER_CONFIG, Map.of(), null))
                .containsExactly("Cluster:TestCluster Update");
        assertThat(needed(RequestCode.GET_BROKER_RUNTIME_INFO, Map.of(), null)).isEmpty();
    }
}
