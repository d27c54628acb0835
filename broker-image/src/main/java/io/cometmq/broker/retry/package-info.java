/** Failed consumption: retry topics with back-off, and dead-letter topics. */
package io.cometmq.broker.retry;
