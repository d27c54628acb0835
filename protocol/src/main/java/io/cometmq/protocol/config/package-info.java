/**
 * Flat configuration (YAML, broker.conf properties, environment, flags) with errors that name the key, and the
 * table of broker configuration keys ({@link io.cometmq.protocol.config.BrokerConfigKeys}) that the broker reads
 * through and the operator validates {@code spec.broker.config} against.
 */
package io.cometmq.protocol.config;
