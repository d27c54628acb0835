package io.cometmq.broker.grpc.client;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.CustomizedBackoff;
import apache.rocketmq.v2.ExponentialBackoff;
import apache.rocketmq.v2.Metric;
import apache.rocketmq.v2.RetryPolicy;
import apache.rocketmq.v2.Settings;
import com.google.protobuf.Duration;
import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.grpc.ProtoTime;
import io.cometmq.broker.meta.SubscriptionGroupConfig;

/**
 * The Settings the endpoint answers a client's Settings with (Apache's GrpcClientSettingsManager): the client's own,
 * plus for producers the back-off and body limit, for consumers the batch size, long polling, FIFO flag and the
 * group's retry policy. SDKs refuse to start without the parts they require (back-off strategy, max_body_size).
 */
public final class SettingsReply {

    /** Apache's CustomizedRetryPolicy default: the delay levels from 1 s. */
    private static final long[] CUSTOMIZED_SECONDS = {1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600,
            1200, 1800, 3600, 7200};

    private SettingsReply() {
    }

    /** {@code group}: the consumer group's config, or null when unknown (then the defaults of a new group). */
    public static Settings of(Settings client, GrpcConfig config, SubscriptionGroupConfig group) {
        Settings.Builder reply = client.toBuilder().setMetric(Metric.newBuilder().setOn(false));
        if (client.getClientType() == ClientType.PRODUCER) {
            reply.setBackoffPolicy(RetryPolicy.newBuilder()
                    .setMaxAttempts(config.producerMaxAttempts())
                    .setExponentialBackoff(ExponentialBackoff.newBuilder()
                            .setInitial(ProtoTime.duration(config.producerBackoffInitialMillis()))
                            .setMax(ProtoTime.duration(config.producerBackoffMaxMillis()))
                            .setMultiplier(config.producerBackoffMultiplier())));
            reply.setPublishing(client.getPublishing().toBuilder()
                    .setMaxBodySize(config.maxMessageSize())
                    .setValidateMessageType(config.messageTypeCheck()));
            return reply.build();
        }
        int retryMaxTimes = group == null ? 16 : group.retryMaxTimes();
        CustomizedBackoff.Builder customized = CustomizedBackoff.newBuilder();
        for (long seconds : CUSTOMIZED_SECONDS) {
            customized.addNext(Duration.newBuilder().setSeconds(seconds));
        }
        reply.setBackoffPolicy(RetryPolicy.newBuilder().setMaxAttempts(retryMaxTimes + 1)
                .setCustomizedBackoff(customized));
        reply.setSubscription(client.getSubscription().toBuilder()
                .setReceiveBatchSize(config.consumerBatchSize())
                .setLongPollingTimeout(ProtoTime.duration(config.maxLongPollingMillis()))
                // FIFO groups (consumeMessageOrderly) arrive with the types15 branch's SubscriptionGroupConfig
                .setFifo(false));
        return reply.build();
    }
}
