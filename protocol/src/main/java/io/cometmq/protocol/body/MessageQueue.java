package io.cometmq.protocol.body;

/** One queue of a topic on one broker group. */
public record MessageQueue(String topic, String brokerName, int queueId) {
}
