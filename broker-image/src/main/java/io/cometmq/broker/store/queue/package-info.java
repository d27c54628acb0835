/** Consume queues (20-byte entries per topic and queue) and the dispatcher that builds them from the commit log. */
package io.cometmq.broker.store.queue;
