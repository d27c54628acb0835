package io.cometmq.operator.remoting;

import io.cometmq.operator.model.ContentHash;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingException;
import io.cometmq.protocol.tls.ClientTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protocol clients behind RemotingAdmin: one plain client for every cluster without enforced TLS, and one TLS
 * client per trusted CA (clusters with tls.mode enforcing; the CA comes from the cluster's certificate Secret). The
 * CA certificate (public, not a secret) is written to a file under java.io.tmpdir because ClientTls reads PEM files.
 */
final class AdminClients implements AutoCloseable {
    private final RemotingClient.Config config;
    private final RemotingClient plain;
    private final Map<String, RemotingClient> tls = new ConcurrentHashMap<>();

    AdminClients(Duration timeout) {
        RemotingClient.Config defaults = RemotingClient.Config.defaults();
        // one I/O thread is plenty for a few admin requests per reconcile; idle connections go after a minute
        this.config = new RemotingClient.Config(1, timeout, defaults.maxFrameLength(), Duration.ofSeconds(60));
        this.plain = new RemotingClient(config);
    }

    RemotingClient forAccess(ClusterAccess access) throws RemotingException {
        if (access.trustedCaPem().isEmpty()) {
            return plain;
        }
        String caPem = access.trustedCaPem().get();
        String key = ContentHash.of(caPem);
        RemotingClient existing = tls.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (tls) {
            RemotingClient again = tls.get(key);
            if (again != null) {
                return again;
            }
            try {
                Path file = Files.createTempFile("cometmq-ca-" + key + "-", ".crt");
                Files.writeString(file, caPem, StandardCharsets.US_ASCII);
                file.toFile().deleteOnExit();
                RemotingClient client = new RemotingClient(config.withTls(ClientTls.trusting(file)));
                tls.put(key, client);
                return client;
            } catch (IOException | RuntimeException e) {
                throw new RemotingException("cannot set up TLS with the cluster's CA certificate: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        plain.close();
        tls.values().forEach(RemotingClient::close);
    }
}
