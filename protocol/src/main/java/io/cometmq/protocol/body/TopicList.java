package io.cometmq.protocol.body;

import java.util.Set;

/** A set of topic names, optionally with the address of a broker that has them. */
public record TopicList(Set<String> topicList, String brokerAddr) {

    public TopicList {
        topicList = topicList == null ? Set.of() : topicList;
    }
}
