package io.cometmq.protocol.body;

/** A producer group's part of a client heartbeat. */
public record ProducerData(String groupName) {
}
