/**
 * FIFO (orderly) pop state: per topic, group and queue the batch popped last, which blocks the queue until it is
 * acked or visible again and counts deliveries; persisted in consumerOrderInfo.json and copied to slaves.
 */
package io.cometmq.broker.pop.order;
