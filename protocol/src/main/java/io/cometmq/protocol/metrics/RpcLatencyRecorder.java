package io.cometmq.protocol.metrics;

import io.cometmq.protocol.netty.RequestObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code rocketmq_rpc_latency_milliseconds}: request handling time by request code, response code, long polling and
 * result, with Apache RocketMQ's buckets (RemotingMetricsManager). One histogram per label set, created on first use
 * and cached, so recording is a map lookup and a record.
 */
public final class RpcLatencyRecorder implements RequestObserver {

    static final String FAMILY = "rocketmq_rpc_latency";
    private static final double[] BUCKETS_MILLIS = {1, 3, 5, 7, 10, 100, 1000, 2000, 3000};

    private record Key(int requestCode, int responseCode, boolean longPolling, Result result) {
    }

    private final MeterRegistry registry;
    private final Map<Key, DistributionSummary> summaries = new ConcurrentHashMap<>();

    public RpcLatencyRecorder(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRequest(int requestCode, int responseCode, long elapsedNanos, boolean longPolling, Result result) {
        Key key = new Key(requestCode, responseCode, longPolling, result);
        DistributionSummary summary = summaries.get(key);
        if (summary == null) {
            summary = summaries.computeIfAbsent(key, this::summary);
        }
        summary.record(elapsedNanos / 1_000_000); // whole milliseconds, as Apache's Stopwatch.elapsed(MILLISECONDS)
    }

    private DistributionSummary summary(Key key) {
        return DistributionSummary.builder(FAMILY)
                .description("Rpc latency")
                .baseUnit("milliseconds")
                .serviceLevelObjectives(BUCKETS_MILLIS)
                .tag("protocol_type", "remoting")
                .tag("request_code", ApacheCodeNames.request(key.requestCode()))
                .tag("response_code", ApacheCodeNames.response(key.responseCode()))
                .tag("is_long_polling", Boolean.toString(key.longPolling()))
                .tag("result", key.result().label())
                .register(registry);
    }
}
