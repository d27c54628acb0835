/** Broker request handlers, one request family each. */
package io.cometmq.broker.processor;
