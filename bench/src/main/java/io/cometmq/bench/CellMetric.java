package io.cometmq.bench;

/**
 * What a cell run can report. A kind fills the metrics that make sense for it; the report shows the others as
 * "—". {@code target} is the goal for the CometMQ/Apache ratio (NaN: none).
 */
public enum CellMetric {
    PRODUCE_TPS("produce TPS", "%,.0f", Better.HIGHER, 2.0),
    CONSUME_TPS("consume TPS (all groups)", "%,.0f", Better.HIGHER, 2.0),
    SEND_P50_MS("send p50 (ms)", "%.2f", Better.LOWER, Double.NaN),
    SEND_P99_MS("send p99 (ms)", "%.2f", Better.LOWER, 0.5),
    /** Broker JVMs (master + slave) user+system CPU over the measured produce phase, per measured send. */
    BROKER_CPU_US_PER_SENT("broker CPU/sent (µs)", "%.1f", Better.LOWER, 0.5),
    /** Broker JVMs CPU from consumer start to drained, per delivered message (all groups). */
    BROKER_CPU_US_PER_CONSUMED("broker CPU/consumed (µs)", "%.1f", Better.LOWER, 0.5),
    NAMESRV_CPU_US_PER_SENT("NameServer CPU/sent (µs)", "%.2f", Better.LOWER, Double.NaN),
    NAMESRV_CPU_US_PER_CONSUMED("NameServer CPU/consumed (µs)", "%.2f", Better.LOWER, Double.NaN),
    /** Open loop: the offered rate (msg/s) and the latency at it. */
    OFFERED_RATE("offered rate (msg/s)", "%,.0f", Better.NONE, Double.NaN),
    SEND_P999_MS("send p99.9 (ms)", "%.2f", Better.LOWER, Double.NaN),
    SENT("measured sends", "%,.0f", Better.NONE, Double.NaN),
    SEND_ERRORS("send errors + non-OK", "%,.0f", Better.NONE, Double.NaN),
    DELIVERED("delivered (distinct, all groups)", "%,.0f", Better.NONE, Double.NaN),
    EXPECTED("expected deliveries", "%,.0f", Better.NONE, Double.NaN),
    FIRST_MESSAGE_MS("consumer start → first message (ms)", "%,.0f", Better.NONE, Double.NaN),
    TOPIC_CREATE_MS("topic creation (ms)", "%,.0f", Better.LOWER, Double.NaN),
    /** From the last answered send until the topic stats count every answered send (consume queues caught up). */
    STATS_CATCH_UP_MS("last send → stats complete (ms)", "%,.0f", Better.LOWER, Double.NaN),
    FOREIGN_CORES("CPU of other processes (cores)", "%.2f", Better.NONE, Double.NaN),
    /** Cold read: body bytes drained per second, the store's size and what of it stayed cached after eviction. */
    CONSUME_MIB_S("consume MiB/s (bodies)", "%,.1f", Better.HIGHER, Double.NaN),
    STORE_MIB("store (MiB)", "%,.0f", Better.NONE, Double.NaN),
    STORE_RESIDENT_MIB("store cached after eviction (MiB)", "%,.0f", Better.NONE, Double.NaN),
    /** Open loop: what was achieved at the offered rate, the probe that set it, and whether the generator kept up. */
    ACHIEVED_RATE("achieved rate (msg/s)", "%,.0f", Better.NONE, Double.NaN),
    PROBE_TPS("max-rate probe (msg/s)", "%,.0f", Better.NONE, Double.NaN),
    SEND_MAX_MS("send max (ms)", "%.1f", Better.LOWER, Double.NaN),
    SCHEDULE_LAG_P99_MS("schedule lag p99 (ms)", "%.2f", Better.NONE, Double.NaN),
    SCHEDULE_LAG_MAX_MS("schedule lag max (ms)", "%.1f", Better.NONE, Double.NaN);

    /** Which direction of the CometMQ/Apache ratio is good. */
    public enum Better { HIGHER, LOWER, NONE }

    private final String label;
    private final String format;
    private final Better better;
    private final double target;

    CellMetric(String label, String format, Better better, double target) {
        this.label = label;
        this.format = format;
        this.better = better;
        this.target = target;
    }

    public String label() {
        return label;
    }

    public String format(double value) {
        return Double.isNaN(value) ? "—" : String.format(java.util.Locale.ROOT, format, value);
    }

    public Better better() {
        return better;
    }

    /** The goal for CometMQ/Apache, or NaN. */
    public double target() {
        return target;
    }

    /** Whether a CometMQ/Apache ratio meets the goal (≥ target for HIGHER, ≤ target for LOWER). */
    public boolean meets(double ratio) {
        return better == Better.HIGHER ? ratio >= target : ratio <= target;
    }
}
