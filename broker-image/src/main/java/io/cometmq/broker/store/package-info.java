/** The broker's durable message store: commit log, consume queues, key index, checkpoint and retention. */
package io.cometmq.broker.store;
