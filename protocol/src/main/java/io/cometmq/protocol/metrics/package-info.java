/**
 * Metrics shared by the broker and the NameServer: settings from Apache RocketMQ's metrics keys, the Prometheus
 * endpoint, request latency by request and response code, and the cardinality cap. docs/METRICS.md is the catalogue.
 */
package io.cometmq.protocol.metrics;
