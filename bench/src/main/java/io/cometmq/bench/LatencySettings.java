package io.cometmq.bench;

import java.time.Duration;

/**
 * Settings of the COLD_READ and OPEN_LOOP cells, the same for every target.
 *
 * @param coldBacklogBytes  bodies written before the page cache is dropped (divided by the cell's message size)
 * @param openLoopRate      msg/s; 0 = half of what a closed-loop probe reaches on the same cluster first
 * @param openLoopWarmup    sends at the rate before the measured window (JIT, connections)
 * @param openLoopDuration  the measured window
 * @param probeDuration     the max-rate probe (closed loop, the run's producer threads)
 */
record LatencySettings(long coldBacklogBytes, double openLoopRate, Duration openLoopWarmup,
                       Duration openLoopDuration, Duration probeDuration) {

    static final long DEFAULT_COLD_BACKLOG_MIB = 256;
    static final long QUICK_COLD_BACKLOG_MIB = 64;
}
