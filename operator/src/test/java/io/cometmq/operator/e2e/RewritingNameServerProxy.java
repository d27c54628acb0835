package io.cometmq.operator.e2e;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A NameServer stand-in for clients outside the cluster: forwards every request to the real NameServer (here
 * through a port-forward) and, in each answer body, replaces the brokers' in-cluster addresses with local
 * addresses that reach them (their port-forwards). Route and cluster-info bodies are JSON text in which
 * addresses are plain string values, so a textual replacement is enough.
 */
final class RewritingNameServerProxy implements AutoCloseable {
    private final RemotingServer server = new RemotingServer(RemotingServer.Config.onPort("127.0.0.1", 0));
    private final RemotingClient upstream = new RemotingClient();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final String nameServer;
    private final Map<String, String> rewrites;
    private final String address;

    RewritingNameServerProxy(String nameServer, Map<String, String> rewrites) throws InterruptedException {
        this.nameServer = nameServer;
        this.rewrites = Map.copyOf(rewrites);
        server.registerDefaultProcessor((context, request) -> forward(request), executor);
        address = "127.0.0.1:" + server.start().getPort();
    }

    String address() {
        return address;
    }

    private CompletableFuture<RemotingCommand> forward(RemotingCommand request) {
        RemotingCommand copy = RemotingCommand.request(request.code(), request.extFields()).body(request.body())
                .version(request.version()).language(request.language());
        return upstream.invokeAsync(nameServer, copy, 10_000).thenApply(answer -> RemotingCommand
                .responseTo(request, answer.code(), answer.remark()).extFields(answer.extFields())
                .version(answer.version()).body(rewrite(answer.body())));
    }

    byte[] rewrite(byte[] body) {
        if (body == null) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> entry : rewrites.entrySet()) {
            text = text.replace(entry.getKey(), entry.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(1));
        upstream.close();
        executor.shutdownNow();
    }
}
