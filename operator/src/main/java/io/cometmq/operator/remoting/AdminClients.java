package io.cometmq.operator.remoting;

import io.cometmq.operator.model.ContentHash;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingException;
import io.cometmq.protocol.tls.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protocol clients behind RemotingAdmin: one plain client shared by all clusters, and one TLS client per trusted
 * CA (clusters with spec.security.tls; the CA comes from the cluster's certificate Secret). The
 * CA certificate comes as PEM text from the Secret (ClientTls.trustingPem); nothing is written to disk.
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

    /**
     * The clients to try, in order: plain; TLS trusting the cluster's CA (enforcing); or plain then TLS (permissive
     * with a CA: pods that still enforce TLS from before a change refuse plain connections).
     */
    List<RemotingClient> transports(ClusterAccess access) throws RemotingException {
        if (access.trustedCaPem().isEmpty()) {
            return List.of(plain);
        }
        RemotingClient tls = tlsClient(access.trustedCaPem().get());
        return access.plainFirst() ? List.of(plain, tls) : List.of(tls);
    }

    private RemotingClient tlsClient(String caPem) throws RemotingException {
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
                RemotingClient client = new RemotingClient(config.withTls(ClientTls.trustingPem(caPem)));
                tls.put(key, client);
                return client;
            } catch (RuntimeException e) {
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
