package io.cometmq.namesrv.processor;

import io.cometmq.namesrv.route.AddressSet;
import io.cometmq.namesrv.route.RouteTable;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.TopicList;
import io.cometmq.protocol.body.TopicRouteData;
import io.cometmq.protocol.header.NameServerHeaders.Topic;
import io.cometmq.protocol.header.NameServerHeaders.TopicsByCluster;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.Map;
import java.util.Set;

/** Read-only questions clients and tools ask: routes, cluster membership and topic lists. */
public final class RouteQueryProcessor implements RequestProcessor.SyncRequestProcessor {

    private static final int UNIT_FLAG = 1;
    private static final int UNIT_SUB_FLAG = 2;

    private final RouteTable routes;
    private final boolean allTopicListEnabled;
    private final Listeners listeners;

    public RouteQueryProcessor(RouteTable routes, boolean allTopicListEnabled) {
        this(routes, allTopicListEnabled, new Listeners());
    }

    /** @param listeners answers to requests from the external listener carry the brokers' external addresses */
    public RouteQueryProcessor(RouteTable routes, boolean allTopicListEnabled, Listeners listeners) {
        this.routes = routes;
        this.allTopicListEnabled = allTopicListEnabled;
        this.listeners = listeners;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request, listeners.addressSetOf(context));
            case RequestCode.GET_BROKER_CLUSTER_INFO ->
                    ok(request, Json.encode(routes.clusterInfo(listeners.addressSetOf(context))));
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> allTopics(request);
            case RequestCode.GET_TOPICS_BY_CLUSTER ->
                    topicList(request, routes.topicsOfCluster(TopicsByCluster.decode(request).cluster()));
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> systemTopics(request, listeners.addressSetOf(context));
            case RequestCode.GET_UNIT_TOPIC_LIST -> topicList(request, routes.topicsWithSysFlag(UNIT_FLAG, 0));
            case RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST ->
                    topicList(request, routes.topicsWithSysFlag(UNIT_SUB_FLAG, 0));
            case RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST ->
                    topicList(request, routes.topicsWithSysFlag(UNIT_SUB_FLAG, UNIT_FLAG));
            default -> throw new IllegalStateException("not a route query code: " + request.code());
        };
    }

    private RemotingCommand route(RemotingCommand request, AddressSet set) {
        String topic = Topic.decode(request).topic();
        TopicRouteData route = routes.route(topic, set);
        if (route == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "No topic route info in name server for the topic: " + topic + (set == AddressSet.EXTERNAL
                            ? " (on the external listener only brokers with an external address are shown)" : ""));
        }
        return ok(request, Json.encode(route));
    }

    private RemotingCommand allTopics(RemotingCommand request) {
        if (!allTopicListEnabled) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "disable: listing all topics is turned off by enableAllTopicList=false");
        }
        return topicList(request, routes.allTopics());
    }

    private RemotingCommand systemTopics(RemotingCommand request, AddressSet set) {
        Map.Entry<Set<String>, String> system = routes.systemTopics(set);
        return ok(request, Json.encode(new TopicList(system.getKey(), system.getValue())));
    }

    private static RemotingCommand topicList(RemotingCommand request, Set<String> topics) {
        return ok(request, Json.encode(new TopicList(topics, null)));
    }

    private static RemotingCommand ok(RemotingCommand request, byte[] body) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(body);
    }
}
