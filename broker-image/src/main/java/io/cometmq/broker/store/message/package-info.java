/** The stored message record (RocketMQ layout): encoding, decoding, properties, ids and tags codes. */
package io.cometmq.broker.store.message;
