package io.cometmq.broker.auth;

import static io.cometmq.broker.auth.Action.CREATE;
import static io.cometmq.broker.auth.Action.DELETE;
import static io.cometmq.broker.auth.Action.GET;
import static io.cometmq.broker.auth.Action.PUB;
import static io.cometmq.broker.auth.Action.SUB;
import static io.cometmq.broker.auth.Action.UPDATE;

import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.body.ConsumerData;
import io.cometmq.protocol.body.HeartbeatData;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.LockBatchRequestBody;
import io.cometmq.protocol.body.MessageQueue;
import io.cometmq.protocol.body.SubscriptionData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which (resource, action) pairs a request needs, as Apache's {@code DefaultAuthorizationContextBuilder} decides
 * for the remoting protocol: its explicit cases (send, pull, offsets, heartbeat, locks, ...) and, for the other
 * codes, the {@code @RocketMQAction}/{@code @RocketMQResource} annotations of Apache's request headers. A retry
 * topic stands for its group. Where Apache derives nothing for a request that changes the broker (broker config,
 * topic lists, group creation, role changes) CometMQ needs {@code Cluster:<cluster>} (or the group) instead of
 * letting every authenticated user through; read-only requests Apache leaves open stay open.
 */
public final class RequestPermissions {

    private static final List<Action> PUB_ONLY = List.of(PUB);
    private static final List<Action> SUB_ONLY = List.of(SUB);
    private static final List<Action> SUB_GET = List.of(SUB, GET);
    private static final List<Action> SUB_UPDATE = List.of(SUB, UPDATE);
    private static final List<Action> GET_ONLY = List.of(GET);
    private static final List<Action> CREATE_ONLY = List.of(CREATE);
    private static final List<Action> UPDATE_ONLY = List.of(UPDATE);
    private static final List<Action> DELETE_ONLY = List.of(DELETE);
    private static final String TOPIC_LIST_SEPARATOR = ";";

    private final Resource cluster;

    public RequestPermissions(String clusterName) {
        this.cluster = Resource.ofCluster(clusterName);
    }

    /** What {@code request} needs; empty when any authenticated user may send it. */
    public List<Permission> of(RemotingCommand request) {
        Map<String, String> f = request.extFields();
        List<Permission> needed = new ArrayList<>(2);
        switch (request.code()) {
            case RequestCode.SEND_MESSAGE, RequestCode.SEND_REPLY_MESSAGE ->
                    send(needed, f.get("topic"), f.get("group"));
            case RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2 ->
                    send(needed, f.get("b"), f.get("a"));
            case RequestCode.END_TRANSACTION -> {
                String topic = f.get("topic");
                if (topic != null && !topic.isBlank()) {
                    needed.add(new Permission(Resource.ofTopic(topic), PUB_ONLY));
                }
            }
            case RequestCode.CONSUMER_SEND_MSG_BACK -> needed.add(group(f.get("group"), SUB_ONLY));
            // POP consumption (also what gRPC ReceiveMessage, AckMessage and ChangeInvisibleDuration become)
            case RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE, RequestCode.POP_MESSAGE,
                    RequestCode.ACK_MESSAGE, RequestCode.CHANGE_MESSAGE_INVISIBLETIME, RequestCode.NOTIFICATION -> {
                topicUnlessRetry(needed, f.get("topic"), SUB_ONLY);
                needed.add(group(f.get("consumerGroup"), SUB_ONLY));
            }
            case RequestCode.QUERY_MESSAGE -> needed.add(topic(f.get("topic"), SUB_GET));
            case RequestCode.HEART_BEAT -> heartbeat(needed, request.body());
            case RequestCode.UNREGISTER_CLIENT -> {
                String group = f.get("consumerGroup");
                if (group != null && !group.isBlank()) {
                    needed.add(group(group, SUB_ONLY));
                }
            }
            case RequestCode.GET_CONSUMER_LIST_BY_GROUP -> needed.add(group(f.get("consumerGroup"), SUB_GET));
            case RequestCode.QUERY_CONSUMER_OFFSET -> {
                topicUnlessRetry(needed, f.get("topic"), SUB_GET);
                needed.add(group(f.get("consumerGroup"), SUB_GET));
            }
            case RequestCode.UPDATE_CONSUMER_OFFSET -> {
                topicUnlessRetry(needed, f.get("topic"), SUB_UPDATE);
                needed.add(group(f.get("consumerGroup"), SUB_UPDATE));
            }
            case RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ -> locks(needed, request.body());
            // Apache's header annotations
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> needed.add(topic(f.get("topic"), CREATE_ONLY));
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET,
                    RequestCode.GET_EARLIEST_MSG_STORETIME, RequestCode.VIEW_MESSAGE_BY_ID,
                    RequestCode.GET_TOPIC_STATS_INFO, RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
                    RequestCode.GET_TOPIC_CONFIG -> needed.add(topic(f.get("topic"), GET_ONLY));
            case RequestCode.GET_CONSUMER_CONNECTION_LIST, RequestCode.GET_CONSUMER_RUNNING_INFO ->
                    needed.add(group(f.get("consumerGroup"), GET_ONLY));
            case RequestCode.QUERY_TOPICS_BY_CONSUMER, RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG ->
                    needed.add(group(f.get("group"), GET_ONLY));
            case RequestCode.QUERY_SUBSCRIPTION_BY_CONSUMER, RequestCode.QUERY_CONSUME_TIME_SPAN -> {
                needed.add(group(f.get("group"), GET_ONLY));
                needed.add(topic(f.get("topic"), GET_ONLY));
            }
            case RequestCode.GET_CONSUME_STATS -> {
                needed.add(group(f.get("consumerGroup"), GET_ONLY));
                if (f.get("topic") != null) {
                    needed.add(topic(f.get("topic"), GET_ONLY));
                }
                String topicList = f.get("topicList");
                if (topicList != null) {
                    for (String topic : topicList.split(TOPIC_LIST_SEPARATOR)) {
                        if (!topic.isEmpty()) {
                            needed.add(topic(topic, GET_ONLY));
                        }
                    }
                }
            }
            case RequestCode.DELETE_SUBSCRIPTIONGROUP -> needed.add(group(f.get("groupName"), DELETE_ONLY));
            case RequestCode.DELETE_TOPIC_IN_BROKER -> needed.add(topic(f.get("topic"), DELETE_ONLY));
            case RequestCode.INVOKE_BROKER_TO_RESET_OFFSET -> {
                needed.add(group(f.get("group"), UPDATE_ONLY));
                needed.add(topic(f.get("topic"), UPDATE_ONLY));
            }
            case RequestCode.GET_PRODUCER_CONNECTION_LIST, RequestCode.GET_ALL_PRODUCER_INFO,
                    RequestCode.AUTH_GET_USER, RequestCode.AUTH_LIST_USER, RequestCode.AUTH_GET_ACL,
                    RequestCode.AUTH_LIST_ACL -> needed.add(new Permission(cluster, GET_ONLY));
            case RequestCode.AUTH_CREATE_USER, RequestCode.AUTH_UPDATE_USER, RequestCode.AUTH_DELETE_USER,
                    RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL, RequestCode.AUTH_DELETE_ACL ->
                    needed.add(new Permission(cluster, UPDATE_ONLY));
            // CometMQ: requests that change the broker, which Apache's builder leaves open
            case RequestCode.UPDATE_AND_CREATE_TOPIC_LIST -> needed.add(new Permission(cluster, CREATE_ONLY));
            case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> needed.add(groupOfBody(request.body()));
            case RequestCode.SET_MESSAGE_REQUEST_MODE -> {
                Map<?, ?> mode = Json.decode(request.body(), Map.class);
                needed.add(group(String.valueOf(mode.get("consumerGroup")), UPDATE_ONLY));
                needed.add(topic(String.valueOf(mode.get("topic")), UPDATE_ONLY));
            }
            case RequestCode.UPDATE_BROKER_CONFIG, RequestCode.PROMOTE_SLAVE_TO_MASTER,
                    RequestCode.DEMOTE_MASTER_TO_SLAVE -> needed.add(new Permission(cluster, UPDATE_ONLY));
            default -> {
                // read-only requests without a resource (runtime info, all offsets, ...): any authenticated user
            }
        }
        return needed;
    }

    /** A send to a retry topic is a consumer sending back: it needs its group; any other send the topic. */
    private static void send(List<Permission> needed, String topic, String group) {
        if (topic != null && GroupTopics.isRetryTopic(topic)) {
            needed.add(group(group != null && !group.isBlank() ? group : topic, SUB_ONLY));
        } else {
            needed.add(topic(topic, PUB_ONLY));
        }
    }

    private static void topicUnlessRetry(List<Permission> needed, String topic, List<Action> actions) {
        if (topic == null || !GroupTopics.isRetryTopic(topic)) {
            needed.add(topic(topic, actions));
        }
    }

    private static void heartbeat(List<Permission> needed, byte[] body) {
        HeartbeatData heartbeat = Json.decode(body, HeartbeatData.class);
        for (ConsumerData consumer : heartbeat.consumerDataSet()) {
            needed.add(group(consumer.groupName(), SUB_ONLY));
            if (consumer.subscriptionDataSet() == null) {
                continue;
            }
            for (SubscriptionData subscription : consumer.subscriptionDataSet()) {
                if (!GroupTopics.isRetryTopic(subscription.topic())) {
                    needed.add(topic(subscription.topic(), SUB_ONLY));
                }
            }
        }
    }

    private static void locks(List<Permission> needed, byte[] body) {
        LockBatchRequestBody locks = Json.decode(body, LockBatchRequestBody.class);
        needed.add(group(locks.consumerGroup(), SUB_ONLY));
        for (MessageQueue queue : locks.mqSet()) {
            if (!GroupTopics.isRetryTopic(queue.topic())) {
                needed.add(topic(queue.topic(), SUB_ONLY));
            }
        }
    }

    private static Permission groupOfBody(byte[] body) {
        Object name = Json.decode(body, Map.class).get("groupName");
        return group(name instanceof String group ? group : "", CREATE_ONLY);
    }

    /** A topic; a retry topic stands for its group (as Apache's annotation path does). */
    private static Permission topic(String topic, List<Action> actions) {
        String name = topic == null ? "" : topic;
        return new Permission(GroupTopics.isRetryTopic(name) ? Resource.ofGroup(name) : Resource.ofTopic(name),
                actions);
    }

    private static Permission group(String group, List<Action> actions) {
        return new Permission(Resource.ofGroup(group == null ? "" : group), actions);
    }
}
