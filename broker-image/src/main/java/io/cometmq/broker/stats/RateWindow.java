package io.cometmq.broker.stats;

/**
 * The last {@code capacity} samples of a counter, from which a per-second rate over a recent window is read.
 * A rate over a window longer than the history uses the oldest sample, so rates are meaningful soon after start.
 */
public final class RateWindow {

    private final long[] times;
    private final long[] values;
    private int size;
    private int next;

    public RateWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a rate needs at least 2 samples, capacity was " + capacity);
        }
        times = new long[capacity];
        values = new long[capacity];
    }

    /** Adds a sample; the oldest is dropped when full. Samples must come in time order. */
    public synchronized void record(long millis, long value) {
        times[next] = millis;
        values[next] = value;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /**
     * Increase per second between the latest sample and the oldest one at most {@code windowMillis} older; 0 with
     * fewer than two samples. A counter that went down (e.g. an offset reset backwards) counts as no progress.
     */
    public synchronized double perSecond(long windowMillis) {
        if (size < 2) {
            return 0;
        }
        int latest = index(size - 1);
        long from = times[latest] - windowMillis;
        int oldest = latest;
        for (int age = size - 2; age >= 0; age--) {
            int candidate = index(age);
            if (times[candidate] < from) {
                break;
            }
            oldest = candidate;
        }
        long elapsed = times[latest] - times[oldest];
        if (elapsed <= 0) {
            return 0;
        }
        return Math.max(0, values[latest] - values[oldest]) * 1000.0 / elapsed;
    }

    /** The i-th retained sample, 0 being the oldest. */
    private int index(int i) {
        int start = size < times.length ? 0 : next;
        return (start + i) % times.length;
    }
}
