package io.cometmq.broker.assignment;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.MessageQueue;
import io.cometmq.protocol.body.QueueData;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicRouteData;
import io.cometmq.protocol.header.NameServerHeaders;
import io.cometmq.protocol.netty.RemotingClient;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The readable queues of a topic across the cluster (what Apache's broker calls the topic's subscribe info), from
 * the NameServers' route, kept for a few seconds per topic so a round of QUERY_ASSIGNMENTs asks once.
 */
public final class TopicQueues {

    private static final long TIMEOUT_MILLIS = 3_000;
    private static final long FRESH_MILLIS = 5_000;

    private record Cached(List<MessageQueue> queues, long at) {
    }

    private final RemotingClient client;
    private final Supplier<List<String>> nameServers;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TopicQueues(RemotingClient client, Supplier<List<String>> nameServers, Clock clock) {
        this.client = client;
        this.nameServers = nameServers;
        this.clock = clock;
    }

    /**
     * The topic's readable queues sorted by broker name and queue id, or null when no NameServer knows the topic.
     *
     * @throws IOException when no NameServer answered
     */
    public List<MessageQueue> of(String topic) throws IOException {
        long now = clock.millis();
        Cached cached = cache.get(topic);
        if (cached != null && now - cached.at() < FRESH_MILLIS) {
            return cached.queues();
        }
        List<MessageQueue> queues = fetch(topic);
        cache.put(topic, new Cached(queues, now));
        return queues;
    }

    private List<MessageQueue> fetch(String topic) throws IOException {
        IOException failure = new IOException("no NameServer answered the route of topic " + topic);
        for (String nameServer : nameServers.get()) {
            try {
                RemotingCommand response = client.invokeSync(nameServer, RemotingCommand.request(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC, new NameServerHeaders.Topic(topic).encode()),
                        TIMEOUT_MILLIS);
                if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
                    return null;
                }
                if (response.code() == ResponseCode.SUCCESS) {
                    return readableQueues(topic, Json.decode(response.body(), TopicRouteData.class));
                }
                failure.addSuppressed(new IOException(nameServer + " answered " + response.code() + ": "
                        + response.remark()));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    /** One queue per readable queue id of each broker group in the route. */
    static List<MessageQueue> readableQueues(String topic, TopicRouteData route) {
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData data : route.queueDatas()) {
            if ((data.perm() & TopicConfig.PERM_READ) != 0) {
                for (int id = 0; id < data.readQueueNums(); id++) {
                    queues.add(new MessageQueue(topic, data.brokerName(), id));
                }
            }
        }
        queues.sort(java.util.Comparator.comparing(MessageQueue::brokerName).thenComparingInt(MessageQueue::queueId));
        return Collections.unmodifiableList(queues);
    }
}
