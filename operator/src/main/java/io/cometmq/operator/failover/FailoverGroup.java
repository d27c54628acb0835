package io.cometmq.operator.failover;

import java.util.List;
import java.util.Optional;

/**
 * Who is who in one broker group, as the failover controller addresses it: independent of where the names come from
 * (Kubernetes pods, or broker processes in a test).
 *
 * @param index       group index (the {@code g} of {@code <c>-broker-<g>})
 * @param clusterName brokerClusterName the brokers register with
 * @param brokerName  the group's brokerName
 * @param members     every broker of the group the spec expects, by member name (pod name)
 * @param nameServers host:port of every NameServer
 */
public record FailoverGroup(int index, String clusterName, String brokerName, List<Member> members,
        List<String> nameServers) {

    /** @param address host:port of the broker's remoting port, as it registers with the NameServers */
    public record Member(String name, String address) {}

    public FailoverGroup {
        members = List.copyOf(members);
        nameServers = List.copyOf(nameServers);
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
