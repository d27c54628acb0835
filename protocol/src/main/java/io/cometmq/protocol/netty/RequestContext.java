package io.cometmq.protocol.netty;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What a processor may know about the connection a request came from. A processor that holds a request for long
 * polling marks it ({@link #markLongPolling()}), which the request's latency metric reports.
 */
public final class RequestContext {

    private final Channel channel;
    private volatile boolean longPolling;

    public RequestContext(Channel channel) {
        this.channel = channel;
    }

    public Channel channel() {
        return channel;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /**
     * The bound address of the listener the request's connection was accepted on (a server may listen on several
     * ports, see {@link RemotingServer#listenAlso}); null for a connection this side opened or a virtual channel.
     */
    public InetSocketAddress listenerAddress() {
        Channel parent = channel.parent();
        return parent != null && parent.localAddress() instanceof InetSocketAddress bound ? bound : null;
    }

    /** The peer as {@code ip:port}, the form RocketMQ uses in connection lists. */
    public String remoteAddressString() {
        return addressString(channel.remoteAddress());
    }

    /** Says the request was suspended by long polling before it was answered (Apache's {@code isSuspended}). */
    public void markLongPolling() {
        longPolling = true;
    }

    public boolean longPolling() {
        return longPolling;
    }

    public static String addressString(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
