/**
 * The broker's Prometheus metrics: the registry, endpoint and common labels ({@link io.cometmq.broker.metrics.BrokerMetrics}),
 * the counters and histograms the send, pull, retry, transaction and timer paths record
 * ({@link io.cometmq.broker.metrics.MessageMetrics}), and the gauge binders. docs/METRICS.md is the catalogue.
 */
package io.cometmq.broker.metrics;
