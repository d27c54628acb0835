package io.cometmq.protocol.body;

/** How many queues one broker (by name) serves for a topic, and with which permissions. */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
}
