package io.cometmq.broker.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value computed at most once per {@code ttlMillis}: one scrape reads many series of the same families, and each
 * series asks for the same snapshot, so it is computed once per scrape instead of once per series.
 */
final class Cached<T> {

    private final Supplier<T> compute;
    private final long ttlMillis;
    private final LongSupplier millis;
    private T value;
    private long computedAt;

    Cached(Supplier<T> compute, long ttlMillis, LongSupplier millis) {
        this.compute = compute;
        this.ttlMillis = ttlMillis;
        this.millis = millis;
    }

    synchronized T get() {
        long now = millis.getAsLong();
        if (value == null || now - computedAt >= ttlMillis) {
            value = compute.get();
            computedAt = now;
        }
        return value;
    }
}
