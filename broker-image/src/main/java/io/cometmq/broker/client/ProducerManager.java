package io.cometmq.broker.client;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Producer groups and their connections: where transaction check-backs go, and what connection lists show. */
public final class ProducerManager {

    private final Map<String, Map<Channel, ClientChannel>> groups = new ConcurrentHashMap<>();

    public void heartbeat(String group, ClientChannel member) {
        groups.computeIfAbsent(group, k -> new ConcurrentHashMap<>()).put(member.channel(), member);
    }

    public void unregister(String group, Channel channel) {
        Map<Channel, ClientChannel> members = groups.get(group);
        if (members != null) {
            members.remove(channel);
        }
    }

    public void channelClosed(Channel channel) {
        groups.values().forEach(members -> members.remove(channel));
    }

    public void evictSilent(long nowMillis, long timeoutMillis) {
        groups.values().forEach(members ->
                members.values().removeIf(member -> nowMillis - member.lastUpdateMillis() > timeoutMillis));
    }

    /** Groups that have (or recently had) a connected producer. */
    public Set<String> groupNames() {
        return new TreeSet<>(groups.keySet());
    }

    public List<ClientChannel> members(String group) {
        Map<Channel, ClientChannel> members = groups.get(group);
        return members == null ? List.of() : new ArrayList<>(members.values());
    }

    /** An active connection of the group, for a check-back; null when none is connected. */
    public ClientChannel anyActive(String group) {
        for (ClientChannel member : members(group)) {
            if (member.channel().isActive()) {
                return member;
            }
        }
        return null;
    }
}
