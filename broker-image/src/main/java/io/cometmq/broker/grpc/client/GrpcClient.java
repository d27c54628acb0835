package io.cometmq.broker.grpc.client;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.TelemetryCommand;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * One gRPC client (key: its {@code x-mq-client-id}): the Settings it sent, its telemetry stream (for server
 * commands such as a transaction check-back) and the virtual channel it has in the broker.
 */
public final class GrpcClient {

    private final String clientId;
    private final VirtualChannel channel;
    private volatile Settings settings;
    private volatile StreamObserver<TelemetryCommand> telemetry;
    private volatile long lastSeenMillis;

    GrpcClient(String clientId, VirtualChannel channel, long now) {
        this.clientId = clientId;
        this.channel = channel;
        this.lastSeenMillis = now;
    }

    public String clientId() {
        return clientId;
    }

    public VirtualChannel channel() {
        return channel;
    }

    /** The Settings the client sent on its telemetry stream, or null before that. */
    public Settings settings() {
        return settings;
    }

    void settings(Settings value) {
        this.settings = value;
    }

    public StreamObserver<TelemetryCommand> telemetry() {
        return telemetry;
    }

    void telemetry(StreamObserver<TelemetryCommand> stream) {
        this.telemetry = stream;
    }

    void seen(long now) {
        lastSeenMillis = now;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    public ClientType type() {
        Settings s = settings;
        return s == null ? ClientType.CLIENT_TYPE_UNSPECIFIED : s.getClientType();
    }

    public boolean isProducer() {
        return type() == ClientType.PRODUCER;
    }

    /** The topics a producer publishes to (each is also its producer group, as in Apache's proxy). */
    public List<String> publishedTopics() {
        Settings s = settings;
        return s == null || !s.hasPublishing() ? List.of()
                : s.getPublishing().getTopicsList().stream().map(r -> r.getName()).toList();
    }

    /** A consumer's group, or null. */
    public String consumerGroup() {
        Settings s = settings;
        return s == null || !s.hasSubscription() || !s.getSubscription().hasGroup() ? null
                : s.getSubscription().getGroup().getName();
    }

    /** Writes a command on the telemetry stream; false when the client has none open. */
    public synchronized boolean send(TelemetryCommand command) {
        StreamObserver<TelemetryCommand> stream = telemetry;
        if (stream == null) {
            return false;
        }
        try {
            stream.onNext(command);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
