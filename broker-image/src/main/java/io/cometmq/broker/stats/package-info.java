/**
 * Rates and daily totals derived from the broker's monotonic counters, sampled in the background, for the
 * runtime-info and consume-stats admin requests.
 */
package io.cometmq.broker.stats;
