/** Broker metadata kept beside the store: topics, consumer groups and consume offsets, as JSON files. */
package io.cometmq.broker.meta;
