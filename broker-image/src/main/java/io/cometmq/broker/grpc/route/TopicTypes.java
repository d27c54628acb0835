package io.cometmq.broker.grpc.route;

import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.QueueData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicMessageType;
import io.cometmq.protocol.body.TopicRouteData;
import io.cometmq.protocol.header.NameServerHeaders;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A topic's {@code message.type} (NORMAL when it declares none): from this broker's topic table when it holds the
 * topic, else asked of a master that does (GET_TOPIC_CONFIG), cached for a few seconds.
 */
public final class TopicTypes {

    private static final long CACHE_MILLIS = 3_000;
    private static final long TIMEOUT_MILLIS = 3_000;

    private record Cached(TopicMessageType type, long fetchedAt) {
    }

    private final TopicConfigManager localTopics;
    private final RemotingGateway gateway;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TopicTypes(TopicConfigManager localTopics, RemotingGateway gateway, Clock clock) {
        this.localTopics = localTopics;
        this.gateway = gateway;
        this.clock = clock;
    }

    public TopicMessageType typeOf(String topic, TopicRouteData route) {
        TopicMessageType known = knownTypeOf(topic);
        if (known != null) {
            return known;
        }
        TopicMessageType type = TopicMessageType.NORMAL;
        for (QueueData queue : route.queueDatas()) {
            try {
                RemotingCommand response = gateway.invoke(queue.brokerName(), null,
                        RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG,
                                new NameServerHeaders.Topic(topic).encode()), TIMEOUT_MILLIS).join();
                if (response != null && response.code() == ResponseCode.SUCCESS) {
                    type = TopicMessageType.ofTopic(Json.decode(response.body(), TopicConfig.class).attributes());
                    break;
                }
            } catch (RuntimeException e) {
                // try the next broker group; none answering leaves NORMAL, as for a topic without the attribute
            }
        }
        cache.put(topic, new Cached(type, clock.millis()));
        return type;
    }

    /** The type if this broker holds the topic or the cache a fresh answer, else null; never asks a master. */
    public TopicMessageType knownTypeOf(String topic) {
        TopicConfig local = localTopics.get(topic);
        if (local != null) {
            return TopicMessageType.ofTopic(local.attributes());
        }
        Cached cached = cache.get(topic);
        return cached != null && clock.millis() - cached.fetchedAt() < CACHE_MILLIS ? cached.type() : null;
    }
}
