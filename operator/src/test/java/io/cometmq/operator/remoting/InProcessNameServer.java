package io.cometmq.operator.remoting;

import io.cometmq.namesrv.NameServer;
import io.cometmq.namesrv.NameServerConfig;
import io.cometmq.protocol.config.Settings;
import java.time.Clock;
import java.util.Map;

/** A real CometMQ NameServer on a free loopback port, for the tests of the operator's protocol clients. */
final class InProcessNameServer implements AutoCloseable {
    private final NameServer server;
    final String address;

    InProcessNameServer() throws InterruptedException {
        server = new NameServer(NameServerConfig.from(Settings.fromMap(
                Map.of("listenHost", "127.0.0.1", "listenPort", "0"), "test")), Clock.systemUTC());
        address = "127.0.0.1:" + server.start().getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
