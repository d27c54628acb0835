package io.cometmq.bench;

/** What a matrix cell measures. */
public enum CellKind {
    /** Produce a backlog with closed-loop senders, then let every consumer group drain it. */
    THROUGHPUT,
    /** Drain a backlog that is no longer in the page cache (latency helper: {@code ColdReadBenchmark}). */
    COLD_READ,
    /** Send at a fixed rate, latency without coordinated omission (latency helper: {@code OpenLoopBenchmark}). */
    OPEN_LOOP
}
