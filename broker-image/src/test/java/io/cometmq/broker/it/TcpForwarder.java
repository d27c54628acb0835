package io.cometmq.broker.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP port that forwards every connection to a target address, standing for what a NodePort or a load balancer
 * does for clients outside: the broker is reached at an address it does not listen on. Blocking NIO, two threads per
 * connection (tests open a handful).
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocketChannel server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-forwarder");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytes = new AtomicLong();
    private volatile InetSocketAddress target;

    private TcpForwarder(ServerSocketChannel server) {
        this.server = server;
        threads.execute(this::acceptLoop);
    }

    /** Listens on a free port of {@code host}; connections are refused until {@link #forwardTo} names a target. */
    static TcpForwarder listenOn(String host) throws IOException {
        return new TcpForwarder(ServerSocketChannel.open().bind(new InetSocketAddress(host, 0)));
    }

    void forwardTo(InetSocketAddress address) {
        this.target = address;
    }

    /** Where clients connect, host:port. */
    String address() throws IOException {
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        return local.getAddress().getHostAddress() + ":" + local.getPort();
    }

    /** Bytes carried so far, both directions. */
    long bytesForwarded() {
        return bytes.get();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel inbound;
            try {
                inbound = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            InetSocketAddress to = target;
            try {
                if (to == null) {
                    inbound.close();
                    continue;
                }
                SocketChannel outbound = SocketChannel.open(to);
                open.add(inbound);
                open.add(outbound);
                threads.execute(() -> pump(inbound, outbound));
                threads.execute(() -> pump(outbound, inbound));
            } catch (IOException e) {
                closeQuietly(inbound);
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                bytes.addAndGet(buffer.remaining());
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
