package io.cometmq.broker.client;

import io.cometmq.protocol.body.SubscriptionData;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The live members of one consumer group and what they subscribe to. Guarded by its own monitor. */
public final class ConsumerGroup {

    private final String name;
    private final Map<Channel, ClientChannel> members = new LinkedHashMap<>();
    private final Map<String, SubscriptionData> subscriptions = new HashMap<>();
    private volatile String consumeType;
    private volatile String messageModel;
    private volatile String consumeFromWhere;

    ConsumerGroup(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Records a heartbeat. Returns true when the member set or the subscriptions changed, which is when the
     * group's members are told to rebalance.
     */
    synchronized boolean update(ClientChannel member, String consumeType, String messageModel,
            String consumeFromWhere, Iterable<SubscriptionData> subs) {
        this.consumeType = consumeType;
        this.messageModel = messageModel;
        this.consumeFromWhere = consumeFromWhere;
        ClientChannel previous = members.put(member.channel(), member);
        boolean changed = previous == null || !Objects.equals(previous.clientId(), member.clientId());
        Map<String, SubscriptionData> next = new HashMap<>();
        for (SubscriptionData sub : subs) {
            next.put(sub.topic(), sub);
        }
        for (Map.Entry<String, SubscriptionData> entry : next.entrySet()) {
            SubscriptionData old = subscriptions.get(entry.getKey());
            if (old == null || !old.subString().equals(entry.getValue().subString())) {
                changed = true;
            }
            if (old == null || old.subVersion() <= entry.getValue().subVersion()) {
                subscriptions.put(entry.getKey(), entry.getValue());
            }
        }
        // a topic no member subscribes to any more is dropped (only when one member owns the whole group,
        // otherwise other members may still want it)
        if (members.size() == 1 && subscriptions.keySet().retainAll(next.keySet())) {
            changed = true;
        }
        return changed;
    }

    synchronized boolean remove(Channel channel) {
        return members.remove(channel) != null;
    }

    /** Removes members silent for longer than {@code timeoutMillis}; returns true if any went. */
    synchronized boolean evictSilent(long nowMillis, long timeoutMillis) {
        return members.values().removeIf(member -> nowMillis - member.lastUpdateMillis() > timeoutMillis);
    }

    public synchronized boolean isEmpty() {
        return members.isEmpty();
    }

    public synchronized List<ClientChannel> members() {
        return new ArrayList<>(members.values());
    }

    public synchronized List<String> clientIds() {
        return members.values().stream().map(ClientChannel::clientId).distinct().toList();
    }

    public synchronized SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    public synchronized Map<String, SubscriptionData> subscriptions() {
        return new LinkedHashMap<>(subscriptions);
    }

    public String consumeType() {
        return consumeType;
    }

    public String messageModel() {
        return messageModel;
    }

    public String consumeFromWhere() {
        return consumeFromWhere;
    }
}
