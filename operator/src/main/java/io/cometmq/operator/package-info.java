/** CometMQ Kubernetes operator: command line, configuration, health and metrics endpoints. */
package io.cometmq.operator;
