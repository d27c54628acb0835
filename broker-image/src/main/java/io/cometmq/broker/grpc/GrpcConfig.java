package io.cometmq.broker.grpc;

/**
 * Settings of the gRPC endpoint (Apache's proxy key names, read from the broker's own configuration).
 *
 * @param serverPort                    -1: no endpoint, 0: any free port (tests)
 * @param maxInboundMessageSize         largest request accepted, in bytes
 * @param maxMessageSize                largest message body (the broker's maxMessageSize; Settings.max_body_size)
 * @param minInvisibleMillisForReceive  bounds of ReceiveMessage's invisible duration
 * @param maxInvisibleMillis            longest invisible duration on receive and change
 * @param defaultInvisibleMillis        push consumers' (auto_renew) invisible duration, renewed by the endpoint
 * @param autoRenew                     whether push consumers' handles are renewed at all
 * @param renewMaxMillis                how long a handle is renewed at most
 * @param minLongPollingMillis          clamp of ReceiveMessage's long-polling time
 * @param maxLongPollingMillis          clamp of ReceiveMessage's long-polling time
 * @param consumerBatchSize             Settings.subscription.receive_batch_size
 * @param producerMaxAttempts           Settings.backoff_policy of producers
 * @param messageTypeCheck              enableTopicMessageTypeCheck: the endpoint checks sends against message.type
 */
public record GrpcConfig(int serverPort, int maxInboundMessageSize, int maxMessageSize,
        long minInvisibleMillisForReceive, long maxInvisibleMillis, long defaultInvisibleMillis, boolean autoRenew,
        long renewMaxMillis, long minLongPollingMillis, long maxLongPollingMillis, int consumerBatchSize,
        int producerMaxAttempts, long producerBackoffInitialMillis, long producerBackoffMaxMillis,
        int producerBackoffMultiplier, boolean messageTypeCheck) {

    public boolean enabled() {
        return serverPort >= 0;
    }
}
