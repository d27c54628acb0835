package io.cometmq.bench.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the idle-connection measurement, run as its own JVM so that the server's file descriptors and
 * memory are the only ones counted: opens {@code count} TCP connections to {@code host:port}, sends nothing, prints
 * {@code OPEN <count>} and holds them until its standard input closes.
 *
 * <pre>java -cp cometmq-bench.jar io.cometmq.bench.scale.IdleConnections 127.0.0.1 10911 10000</pre>
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: IdleConnections <host> <port> <count>");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                open.add(SocketChannel.open(server));
            }
        } catch (IOException e) {
            System.out.println("FAILED after " + open.size() + " connections: " + e);
            System.exit(1);
        }
        System.out.println("OPEN " + open.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the connections until the driver closes our stdin
        }
        for (SocketChannel channel : open) {
            channel.close();
        }
    }
}
