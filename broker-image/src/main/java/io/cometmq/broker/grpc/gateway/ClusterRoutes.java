package io.cometmq.broker.grpc.gateway;

import apache.rocketmq.v2.Code;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.body.BrokerData;
import io.cometmq.protocol.body.ClusterInfo;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.TopicRouteData;
import io.cometmq.protocol.header.NameServerHeaders;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the NameServers know about the cluster, cached for a few seconds: topic routes and the master address of
 * each broker group. A lookup that misses (unknown broker name) refreshes at once, so a new master is found.
 */
public final class ClusterRoutes {

    private static final long CACHE_MILLIS = 3_000;
    private static final long TIMEOUT_MILLIS = 3_000;

    private record Cached<T>(T value, long fetchedAt) {
    }

    private final List<String> nameServers;
    private final RemotingClient client;
    private final String clusterName;
    private final Clock clock;
    private final SessionCredentials inner;
    private final Map<String, Cached<TopicRouteData>> routes = new ConcurrentHashMap<>();
    private volatile Cached<ClusterInfo> cluster;

    /** @param inner the broker's inner credentials, which sign the queries (null: unsigned) */
    public ClusterRoutes(List<String> nameServers, RemotingClient client, String clusterName, Clock clock,
            SessionCredentials inner) {
        this.nameServers = List.copyOf(nameServers);
        this.client = client;
        this.clusterName = clusterName;
        this.clock = clock;
        this.inner = inner;
    }

    /** The topic's route; TOPIC_NOT_FOUND with the NameServer's words when it has none. */
    public TopicRouteData route(String topic) {
        TopicRouteData fresh = cachedRoute(topic);
        if (fresh != null) {
            return fresh;
        }
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                new NameServerHeaders.Topic(topic).encode());
        RemotingCommand response = askNameServer(request);
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
            routes.remove(topic);
            throw new GrpcException(Code.TOPIC_NOT_FOUND, "CODE: " + response.code() + "  DESC: "
                    + response.remark());
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new GrpcException(Code.INTERNAL_SERVER_ERROR, "route of topic " + topic + ": CODE: "
                    + response.code() + "  DESC: " + response.remark());
        }
        TopicRouteData route = Json.decode(response.body(), TopicRouteData.class);
        routes.put(topic, new Cached<>(route, clock.millis()));
        return route;
    }

    /** The topic's route if the cache holds a fresh one, else null; never asks a NameServer. */
    public TopicRouteData cachedRoute(String topic) {
        Cached<TopicRouteData> cached = routes.get(topic);
        return cached != null && clock.millis() - cached.fetchedAt() < CACHE_MILLIS ? cached.value() : null;
    }

    /** The master address of broker group {@code brokerName}, or null when it has none now. */
    public String masterAddr(String brokerName) {
        BrokerData data = clusterInfo(false).brokerAddrTable().get(brokerName);
        if (data == null || data.masterAddr() == null) {
            data = clusterInfo(true).brokerAddrTable().get(brokerName);
        }
        return data == null ? null : data.masterAddr();
    }

    /** Broker name → master address of every group of this broker's cluster that has a master now. */
    public Map<String, String> masters() {
        ClusterInfo info = clusterInfo(false);
        Set<String> names = info.clusterAddrTable().getOrDefault(clusterName, Set.of());
        Map<String, String> masters = new TreeMap<>();
        for (String name : names) {
            BrokerData data = info.brokerAddrTable().get(name);
            if (data != null && data.masterAddr() != null) {
                masters.put(name, data.masterAddr());
            }
        }
        return masters;
    }

    private ClusterInfo clusterInfo(boolean fresh) {
        Cached<ClusterInfo> cached = cluster;
        if (!fresh && cached != null && clock.millis() - cached.fetchedAt() < CACHE_MILLIS) {
            return cached.value();
        }
        RemotingCommand response = askNameServer(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
        if (response.code() != ResponseCode.SUCCESS) {
            throw new GrpcException(Code.INTERNAL_SERVER_ERROR, "cluster info: CODE: " + response.code()
                    + "  DESC: " + response.remark());
        }
        ClusterInfo info = Json.decode(response.body(), ClusterInfo.class);
        cluster = new Cached<>(info, clock.millis());
        return info;
    }

    /** Asks the NameServers in turn until one answers. */
    private RemotingCommand askNameServer(RemotingCommand request) {
        if (nameServers.isEmpty()) {
            throw new GrpcException(Code.INTERNAL_SERVER_ERROR, "namesrvAddr is empty: no routes to answer with");
        }
        List<String> failures = new ArrayList<>();
        for (String address : nameServers) {
            try {
                RemotingCommand attempt = RemotingCommand.request(request.code(), request.extFields());
                if (inner != null) {
                    RequestSignature.sign(attempt, inner);
                }
                return client.invokeSync(address, attempt, TIMEOUT_MILLIS);
            } catch (RemotingException e) {
                failures.add(address + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GrpcException(Code.INTERNAL_SERVER_ERROR, "interrupted");
            }
        }
        throw new GrpcException(Code.INTERNAL_SERVER_ERROR, "no NameServer answered: " + failures);
    }
}
