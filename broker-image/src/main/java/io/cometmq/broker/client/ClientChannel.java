package io.cometmq.broker.client;

import io.cometmq.protocol.LanguageCode;
import io.netty.channel.Channel;

/** One client connection as heartbeats describe it. */
public record ClientChannel(Channel channel, String clientId, LanguageCode language, int version,
        long lastUpdateMillis) {

    public String remoteAddr() {
        return io.cometmq.protocol.netty.RequestContext.addressString(channel.remoteAddress());
    }
}
