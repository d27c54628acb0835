/** The CometMQ broker: configuration, wiring and command-line entry point. */
package io.cometmq.broker;
