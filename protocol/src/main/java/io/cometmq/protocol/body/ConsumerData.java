package io.cometmq.protocol.body;

import java.util.Set;

/** A consumer group's part of a client heartbeat. */
public record ConsumerData(String groupName, String consumeType, String messageModel, String consumeFromWhere,
        Set<SubscriptionData> subscriptionDataSet, boolean unitMode) {

    public ConsumerData {
        subscriptionDataSet = subscriptionDataSet == null ? Set.of() : subscriptionDataSet;
    }
}
