package io.cometmq.namesrv.processor;

import io.cometmq.namesrv.route.AddressSet;
import io.cometmq.protocol.netty.RequestContext;
import java.net.InetSocketAddress;

/**
 * Which listener a request came through: the NameServer's remoting port (brokers, clients inside) or its external
 * port (clients outside, {@code externalListenPort}). Told apart by the bound address of the listener that accepted
 * the connection, so two listeners on one port number of different hosts are still told apart.
 */
public final class Listeners {

    private volatile InetSocketAddress external;

    /** Records where the external listener is bound (after it bound: the port may have been 0). */
    public void externalBoundTo(InetSocketAddress address) {
        this.external = address;
    }

    public boolean external(RequestContext context) {
        InetSocketAddress bound = external;
        return bound != null && bound.equals(context.listenerAddress());
    }

    /** The addresses answers to this request carry. */
    public AddressSet addressSetOf(RequestContext context) {
        return external(context) ? AddressSet.EXTERNAL : AddressSet.INTERNAL;
    }

    /** The external listener as host:port, for messages. */
    public String externalAddressText() {
        InetSocketAddress bound = external;
        return bound == null ? "(none)" : RequestContext.addressString(bound);
    }
}
