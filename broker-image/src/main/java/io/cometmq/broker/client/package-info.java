/** Connected clients: consumer groups and their subscriptions, producer groups, orderly queue locks. */
package io.cometmq.broker.client;
