package io.cometmq.broker.grpc.client;

import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.CustomizedBackoff;
import apache.rocketmq.v2.ExponentialBackoff;
import apache.rocketmq.v2.Metric;
import apache.rocketmq.v2.RetryPolicy;
import apache.rocketmq.v2.Settings;
import io.cometmq.broker.grpc.GrpcConfig;
import io.cometmq.broker.grpc.ProtoTime;
import io.cometmq.broker.meta.GroupRetryPolicy;
import io.cometmq.broker.meta.SubscriptionGroupConfig;

/**
 * The Settings the endpoint answers a client's Settings with (Apache's GrpcClientSettingsManager): the client's own,
 * plus for producers the back-off and body limit, for consumers the batch size, long polling, FIFO flag and the
 * group's retry policy. SDKs refuse to start without the parts they require (back-off strategy, max_body_size).
 */
public final class SettingsReply {

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
        GroupRetryPolicy.RetryPolicy policy = (group == null ? GroupRetryPolicy.DEFAULT : group.groupRetryPolicy())
                .policy();
        RetryPolicy.Builder backoff = RetryPolicy.newBuilder().setMaxAttempts(retryMaxTimes + 1);
        if (policy instanceof GroupRetryPolicy.Exponential exponential) {
            backoff.setExponentialBackoff(ExponentialBackoff.newBuilder()
                    .setInitial(ProtoTime.duration(exponential.initial()))
                    .setMax(ProtoTime.duration(exponential.max()))
                    .setMultiplier(exponential.multiplier()));
        } else {
            CustomizedBackoff.Builder customized = CustomizedBackoff.newBuilder();
            ((GroupRetryPolicy.Customized) policy).next().forEach(millis ->
                    customized.addNext(ProtoTime.duration(millis)));
            backoff.setCustomizedBackoff(customized);
        }
        reply.setBackoffPolicy(backoff);
        reply.setSubscription(client.getSubscription().toBuilder()
                .setReceiveBatchSize(config.consumerBatchSize())
                .setLongPollingTimeout(ProtoTime.duration(config.maxLongPollingMillis()))
                .setFifo(group != null && group.consumeMessageOrderly()));
        return reply.build();
    }
}
