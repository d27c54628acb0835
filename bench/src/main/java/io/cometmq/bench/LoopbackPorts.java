package io.cometmq.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Picks free, non-default TCP ports on 127.0.0.1. */
public final class LoopbackPorts {

    // Well away from RocketMQ's defaults (9876, 10909-10912) and from the ephemeral range (32768+).
    private static final int LOW = 20000;
    private static final int HIGH = 32000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private LoopbackPorts() {
    }

    static int nameServerPort() {
        return allocate(0, 0);
    }

    /**
     * A broker needs listenPort-2 (Apache's "VIP" channel) and listenPort+1 (HA) as well; reserving the
     * same span for every target keeps the layouts identical.
     */
    static int brokerPort() {
        return allocate(2, 1);
    }

    static int metricsPort() {
        return allocate(0, 0);
    }

    /** A gRPC endpoint's port (CometMQ's grpcServerPort, Apache's proxy). */
    static int grpcPort() {
        return allocate(0, 0);
    }

    /** The remoting port Apache's proxy opens next to its gRPC port (unused by the benchmark, but bound). */
    static int proxyRemotingPort() {
        return allocate(0, 0);
    }

    /** A free port whose neighbours {@code port-below}..{@code port+above} are free (and not handed out) too. */
    public static synchronized int allocate(int below, int above) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW + below, HIGH - above);
            boolean free = true;
            for (int p = port - below; p <= port + above && free; p++) {
                free = !HANDED_OUT.contains(p) && isFree(p);
            }
            if (free) {
                for (int p = port - below; p <= port + above; p++) {
                    HANDED_OUT.add(p);
                }
                return port;
            }
        }
        throw new IllegalStateException("no free port span on 127.0.0.1 between " + LOW + " and " + HIGH);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
