package io.cometmq.bench.scale;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports below the ephemeral range (the 10,000 client sockets take ephemeral ports). */
final class Ports {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /** A port whose neighbours {@code below}..{@code above} are free too (Apache's broker binds listenPort-2, +1). */
    static synchronized int allocate(int below, int above) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000 + below, 32000 - above);
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
        throw new IllegalStateException("no free port span on 127.0.0.1 between 20000 and 32000");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls until {@code process} accepts TCP connections on {@code port}. */
    static void await(ChildJvm process, int port, Instant deadline) throws InterruptedException {
        while (true) {
            process.ensureAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(process.name() + " did not open port " + port + " in time:\n"
                            + process.tail(15));
                }
                Thread.sleep(100);
            }
        }
    }
}
