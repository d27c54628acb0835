package io.cometmq.protocol.body;

import java.util.Set;

/** HEART_BEAT body: who the client is and which producer and consumer groups it runs. */
public record HeartbeatData(String clientID, Set<ProducerData> producerDataSet, Set<ConsumerData> consumerDataSet,
        int heartbeatFingerprint, boolean withoutSub) {

    public HeartbeatData {
        producerDataSet = producerDataSet == null ? Set.of() : producerDataSet;
        consumerDataSet = consumerDataSet == null ? Set.of() : consumerDataSet;
    }
}
