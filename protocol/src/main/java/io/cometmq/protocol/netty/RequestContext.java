package io.cometmq.protocol.netty;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** What a processor may know about the connection a request came from. */
public record RequestContext(Channel channel) {

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The peer as {@code ip:port}, the form RocketMQ uses in connection lists. */
    public String remoteAddressString() {
        return addressString(channel.remoteAddress());
    }

    public static String addressString(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
