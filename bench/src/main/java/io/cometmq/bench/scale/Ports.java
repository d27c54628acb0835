package io.cometmq.bench.scale;

import io.cometmq.bench.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;

/** Free loopback ports below the ephemeral range (the 10,000 client sockets take ephemeral ports). */
final class Ports {

    private Ports() {
    }

    /** A port whose neighbours {@code below}..{@code above} are free too (Apache's broker binds listenPort-2, +1). */
    static int allocate(int below, int above) {
        return LoopbackPorts.allocate(below, above);
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
