package io.cometmq.broker.grpc.client;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.FilterType;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.SubscriptionEntry;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.body.ConsumerData;
import io.cometmq.protocol.body.HeartbeatData;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.body.ProducerData;
import io.cometmq.protocol.body.SubscriptionData;
import io.cometmq.protocol.header.ClientHeaders;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC clients this endpoint serves, by client id. A client with Settings is registered at every master of the
 * cluster (remoting HEARTBEAT: producers with group = topic, consumers with their group), refreshed periodically and
 * unregistered when it terminates, so the brokers' connection lists, lag and transaction check-backs see it.
 */
public final class GrpcClients {

    private static final Logger log = LoggerFactory.getLogger(GrpcClients.class);
    private static final long TIMEOUT_MILLIS = 3_000;

    private final Map<String, GrpcClient> clients = new ConcurrentHashMap<>();
    private final RemotingGateway gateway;
    private final Clock clock;
    private final BiConsumer<GrpcClient, RemotingCommand> serverRequests;

    /** @param serverRequests what to do with a request a broker wrote to a client's virtual channel */
    public GrpcClients(RemotingGateway gateway, Clock clock, BiConsumer<GrpcClient, RemotingCommand> serverRequests) {
        this.gateway = gateway;
        this.clock = clock;
        this.serverRequests = serverRequests;
    }

    /** The client with this id, created on its first request. */
    public GrpcClient get(String clientId, SocketAddress remote) {
        GrpcClient client = clients.computeIfAbsent(clientId, id -> {
            GrpcClient[] self = new GrpcClient[1];
            VirtualChannel channel = new VirtualChannel(remote, request -> serverRequests.accept(self[0], request));
            self[0] = new GrpcClient(id, channel, clock.millis());
            return self[0];
        });
        client.seen(clock.millis());
        return client;
    }

    public Optional<GrpcClient> find(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    /** A producer client publishing {@code topic} with an open telemetry stream (for a check-back), if any. */
    public Optional<GrpcClient> producerOf(String topic) {
        return clients.values().stream()
                .filter(c -> c.isProducer() && c.telemetry() != null && c.publishedTopics().contains(topic))
                .findAny();
    }

    /** Remembers the client's Settings and registers it at every master. */
    public void settings(GrpcClient client, Settings settings, io.grpc.stub.StreamObserver<
            apache.rocketmq.v2.TelemetryCommand> stream) {
        client.settings(settings);
        client.telemetry(stream);
        register(client);
    }

    /**
     * Re-sends every client's registration (brokers drop clients that stay silent), and forgets clients without a
     * telemetry stream that made no call for {@code idleMillis} (those that vanished without saying goodbye).
     */
    public void refreshAll(long idleMillis) {
        long now = clock.millis();
        clients.values().forEach(client -> {
            if (client.telemetry() == null && now - client.lastSeenMillis() > idleMillis) {
                terminate(client.clientId());
            } else if (client.settings() != null) {
                register(client);
            }
        });
    }

    /** The client closed its telemetry stream or said goodbye: unregister it everywhere and forget it. */
    public void terminate(String clientId) {
        GrpcClient client = clients.remove(clientId);
        if (client == null) {
            return;
        }
        client.telemetry(null);
        Set<String> producerGroups = new HashSet<>(client.publishedTopics());
        String consumerGroup = client.consumerGroup();
        for (String broker : mastersOrEmpty()) {
            for (String group : producerGroups) {
                send(broker, client, RemotingCommand.request(RequestCode.UNREGISTER_CLIENT,
                        new ClientHeaders.UnregisterClient(clientId, group, null).encode()));
            }
            if (consumerGroup != null) {
                send(broker, client, RemotingCommand.request(RequestCode.UNREGISTER_CLIENT,
                        new ClientHeaders.UnregisterClient(clientId, null, consumerGroup).encode()));
            }
        }
        client.channel().close();
    }

    private void register(GrpcClient client) {
        HeartbeatData heartbeat = heartbeat(client);
        if (heartbeat.producerDataSet().isEmpty() && heartbeat.consumerDataSet().isEmpty()) {
            return;
        }
        byte[] body = Json.encode(heartbeat);
        for (String broker : mastersOrEmpty()) {
            send(broker, client, RemotingCommand.request(RequestCode.HEART_BEAT).body(body));
        }
    }

    /** The remoting heartbeat Apache's proxy sends for a gRPC client. */
    static HeartbeatData heartbeat(GrpcClient client) {
        Settings settings = client.settings();
        Set<ProducerData> producers = new HashSet<>();
        Set<ConsumerData> consumers = new HashSet<>();
        if (settings.getClientType() == ClientType.PRODUCER) {
            client.publishedTopics().forEach(topic -> producers.add(new ProducerData(topic)));
        } else if (client.consumerGroup() != null) {
            Set<SubscriptionData> subscriptions = new HashSet<>();
            for (SubscriptionEntry entry : settings.getSubscription().getSubscriptionsList()) {
                subscriptions.add(subscription(entry));
            }
            consumers.add(new ConsumerData(client.consumerGroup(), "CONSUME_POP", "CLUSTERING",
                    "CONSUME_FROM_LAST_OFFSET", subscriptions, false));
        }
        return new HeartbeatData(client.clientId(), producers, consumers, 0, false);
    }

    static SubscriptionData subscription(SubscriptionEntry entry) {
        String topic = entry.getTopic().getName();
        String expression = entry.hasExpression() ? entry.getExpression().getExpression() : "*";
        if (entry.hasExpression() && entry.getExpression().getType() == FilterType.SQL) {
            return new SubscriptionData(topic, expression, Set.of(), Set.of(), System.currentTimeMillis(), "SQL92",
                    false);
        }
        return SubscriptionData.ofTagExpression(topic, expression, System.currentTimeMillis());
    }

    private List<String> mastersOrEmpty() {
        try {
            return List.copyOf(gateway.routes().masters().keySet());
        } catch (RuntimeException e) {
            log.warn("cannot list the cluster's masters to register gRPC clients: {}", e.getMessage());
            return List.of();
        }
    }

    private void send(String broker, GrpcClient client, RemotingCommand request) {
        gateway.invoke(broker, client.channel(), request, TIMEOUT_MILLIS).whenComplete((response, failure) -> {
            if (failure != null) {
                log.debug("cannot register gRPC client {} at {}: {}", client.clientId(), broker, failure.toString());
            }
        });
    }
}
