/** Flat configuration (YAML, broker.conf properties, environment, flags) with errors that name the key. */
package io.cometmq.protocol.config;
