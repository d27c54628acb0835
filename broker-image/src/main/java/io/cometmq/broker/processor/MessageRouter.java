package io.cometmq.broker.processor;

import io.cometmq.broker.store.message.MessageToStore;

/**
 * Diverts a message that must not be visible yet — delayed, timed, or a transaction's half message — to the
 * system topic that holds it until then. The SEND response still reports the queue the producer asked for.
 */
@FunctionalInterface
public interface MessageRouter {

    /**
     * Returns the message to store instead, or null when this router leaves it alone.
     *
     * @throws IllegalArgumentException when the message's special properties are invalid (e.g. a delay level out
     *                                  of range); the sender gets MESSAGE_ILLEGAL with the message
     */
    MessageToStore route(MessageToStore message);
}
