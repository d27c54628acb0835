/**
 * The operator's own Prometheus families ({@code cometmq_operator_*}, catalogued in docs/METRICS.md, "Operator"):
 * reconcile durations and errors through JOSDK's metrics hook, failover and drain counters, and gauges set from the
 * status each reconcile computes.
 */
package io.cometmq.operator.metrics;
