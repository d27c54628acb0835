package io.cometmq.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;

/**
 * The consumer side of {@link ConsumeBenchmark} through the gRPC SDK 5.0.8: a {@link PushConsumer} of a new group
 * (default threads; batch size and long polling from the Settings the server sends) drains the backlog over POP.
 * Distinct message ids are counted; a message delivered again goes to the duplicates.
 */
final class GrpcConsumeBenchmark {

    private final Duration stallTimeout;

    GrpcConsumeBenchmark(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    ConsumeBenchmark.Result run(String endpoint, String topic, long expected, String group, int requestTimeoutMillis)
            throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong consumed = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        long start = System.nanoTime();
        try (PushConsumer consumer = ClientServiceProvider.loadService().newPushConsumerBuilder()
                .setClientConfiguration(GrpcProduceBenchmark.clientConfiguration(endpoint, requestTimeoutMillis))
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setMessageListener(view -> {
                    long now = System.nanoTime();
                    first.compareAndSet(0, now);
                    if (seen.add(view.getMessageId().toString())) {
                        consumed.incrementAndGet();
                    } else {
                        duplicates.incrementAndGet();
                    }
                    last.set(now);
                    return ConsumeResult.SUCCESS;
                }).build()) {
            ConsumeBenchmark.awaitDrained(consumed, expected, start, stallTimeout);
        }
        return ConsumeBenchmark.result(consumed.get(), expected, duplicates.get(), start, first.get(), last.get());
    }
}
