package io.cometmq.broker.client;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.body.ConsumerData;
import io.cometmq.protocol.header.ClientHeaders.ConsumerGroupName;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer groups as heartbeats report them. When a group's members or subscriptions change, every member is
 * sent NOTIFY_CONSUMER_IDS_CHANGED so it rebalances at once rather than within 20 s.
 */
public final class ConsumerManager {

    private static final Logger log = LoggerFactory.getLogger(ConsumerManager.class);

    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private final BiConsumer<Channel, RemotingCommand> oneway;

    /** @param oneway sends a oneway request to a client channel */
    public ConsumerManager(Clock clock, BiConsumer<Channel, RemotingCommand> oneway) {
        this.clock = clock;
        this.oneway = oneway;
    }

    public void heartbeat(ClientChannel member, ConsumerData data) {
        ConsumerGroup group = groups.computeIfAbsent(data.groupName(), ConsumerGroup::new);
        if (group.update(member, data.consumeType(), data.messageModel(), data.consumeFromWhere(),
                data.subscriptionDataSet())) {
            log.info("consumer group {} changed: members {}", data.groupName(), group.clientIds());
            notifyMembers(group);
        }
    }

    public void unregister(String groupName, Channel channel) {
        ConsumerGroup group = groups.get(groupName);
        if (group != null && group.remove(channel)) {
            afterRemoval(group);
        }
    }

    /** A client connection closed: it leaves every group at once. */
    public void channelClosed(Channel channel) {
        for (ConsumerGroup group : groups.values()) {
            if (group.remove(channel)) {
                afterRemoval(group);
            }
        }
    }

    /** Evicts members that stopped heartbeating (their connection may still look open). */
    public void evictSilent(long timeoutMillis) {
        long now = clock.millis();
        for (ConsumerGroup group : groups.values()) {
            if (group.evictSilent(now, timeoutMillis)) {
                afterRemoval(group);
            }
        }
    }

    private void afterRemoval(ConsumerGroup group) {
        if (group.isEmpty()) {
            groups.remove(group.name(), group);
            log.info("consumer group {} has no members left", group.name());
        } else {
            notifyMembers(group);
        }
    }

    private void notifyMembers(ConsumerGroup group) {
        for (ClientChannel member : group.members()) {
            oneway.accept(member.channel(), RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
                    new ConsumerGroupName(group.name()).encode()));
        }
    }

    /** The group, or null when nobody of it is connected. */
    public ConsumerGroup group(String name) {
        return groups.get(name);
    }

    public Set<String> groupNames() {
        return new TreeSet<>(groups.keySet());
    }

    /** Groups with a live member subscribed to {@code topic}. */
    public Set<String> groupsSubscribedTo(String topic) {
        Set<String> result = new TreeSet<>();
        groups.forEach((name, group) -> {
            if (group.subscription(topic) != null) {
                result.add(name);
            }
        });
        return result;
    }
}
