package io.cometmq.protocol.netty;

import io.netty.channel.Channel;

/** Told when a connection goes away, so registries (brokers, clients) can drop what it owned at once. */
@FunctionalInterface
public interface ChannelEventListener {
    void onChannelClosed(Channel channel);
}
