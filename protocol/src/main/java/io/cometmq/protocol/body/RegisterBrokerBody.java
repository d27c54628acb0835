package io.cometmq.protocol.body;

import java.util.List;

/** Body of REGISTER_BROKER: every topic the broker serves, and (unused) filter servers. */
public record RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper,
        List<String> filterServerList) {

    public RegisterBrokerBody {
        filterServerList = filterServerList == null ? List.of() : filterServerList;
    }
}
