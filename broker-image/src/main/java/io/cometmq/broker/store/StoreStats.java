package io.cometmq.broker.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters for GET_BROKER_RUNTIME_INFO and metrics: puts, bytes, put latency (until acknowledged), gets. */
public final class StoreStats {
    /** Upper bounds (exclusive, ms) of the latency buckets; the last bucket is open-ended. */
    private static final long[] BUCKET_BOUNDS_MILLIS = {1, 5, 10, 50, 100, 500};
    private static final String[] BUCKET_NAMES = {"<1ms", "1-5ms", "5-10ms", "10-50ms", "50-100ms", "100-500ms",
        ">=500ms"};

    private final LongAdder putMessages = new LongAdder();
    private final LongAdder putBytes = new LongAdder();
    private final LongAdder putFailures = new LongAdder();
    private final LongAdder getFound = new LongAdder();
    private final LongAdder getMissed = new LongAdder();
    private final LongAdder[] latency = new LongAdder[BUCKET_NAMES.length];

    /**
     * @param putLatency put latency buckets by name, in ascending order
     */
    public record Snapshot(long putMessages, long putBytes, long putFailures, long getFound, long getMissed,
            Map<String, Long> putLatency) {
    }

    StoreStats() {
        for (int i = 0; i < latency.length; i++) {
            latency[i] = new LongAdder();
        }
    }

    void putSucceeded(int messages, long bytes, long elapsedNanos) {
        putMessages.add(messages);
        putBytes.add(bytes);
        long millis = elapsedNanos / 1_000_000;
        int bucket = 0;
        while (bucket < BUCKET_BOUNDS_MILLIS.length && millis >= BUCKET_BOUNDS_MILLIS[bucket]) {
            bucket++;
        }
        latency[bucket].increment();
    }

    void putFailed() {
        putFailures.increment();
    }

    void got(boolean found) {
        (found ? getFound : getMissed).increment();
    }

    public Snapshot snapshot() {
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (int i = 0; i < latency.length; i++) {
            buckets.put(BUCKET_NAMES[i], latency[i].sum());
        }
        return new Snapshot(putMessages.sum(), putBytes.sum(), putFailures.sum(), getFound.sum(), getMissed.sum(),
                buckets);
    }
}
