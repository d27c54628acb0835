package io.cometmq.operator.remoting;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one protocol client the operator shares for every NameServer and broker request. Connecting and each
 * request are bounded by the same short timeout, so a reconcile never waits long on a dead peer.
 *
 * <p>Host names are resolved here, on a small pool of our own and with the same timeout, and the client is
 * given {@code ip:port}. Netty would otherwise resolve on its event loop, where one slow DNS answer (a pod
 * name that does not exist yet, or an operator running outside the cluster) stalls every other request.
 */
public final class RemotingAdmin implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final RemotingClient client;
    private final long timeoutMillis;
    private final ExecutorService resolver;

    public RemotingAdmin() {
        this(DEFAULT_TIMEOUT);
    }

    public RemotingAdmin(Duration timeout) {
        RemotingClient.Config defaults = RemotingClient.Config.defaults();
        // one I/O thread is plenty for a few admin requests per reconcile; idle connections go after a minute
        this.client = new RemotingClient(new RemotingClient.Config(1, timeout, defaults.maxFrameLength(),
                Duration.ofSeconds(60)));
        this.timeoutMillis = timeout.toMillis();
        AtomicInteger threads = new AtomicInteger();
        this.resolver = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "cometmq-admin-dns-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Sends a request and waits for the answer (any response code); fails when no answer came in time. */
    public RemotingCommand call(String address, int code, Map<String, String> header)
            throws RemotingException, InterruptedException {
        return client.invokeSync(resolve(address), RemotingCommand.request(code, header), timeoutMillis);
    }

    /** Sends a prepared request (a body, a signature) and waits for the answer (any response code). */
    public RemotingCommand call(String address, RemotingCommand request) throws RemotingException, InterruptedException {
        return client.invokeSync(resolve(address), request, timeoutMillis);
    }

    /** As {@link #call} without waiting for the answer; every failure, address errors included, fails the future. */
    public CompletableFuture<RemotingCommand> callAsync(String address, int code, Map<String, String> header) {
        try {
            return client.invokeAsync(resolve(address), RemotingCommand.request(code, header), timeoutMillis);
        } catch (RemotingException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code host:port} → {@code ip:port}, within the timeout; literal IPs pass through without a lookup. */
    String resolve(String address) throws RemotingException, InterruptedException {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new RemotingException("address '" + address + "' is not host:port");
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, resolver);
        try {
            return lookup.get(timeoutMillis, TimeUnit.MILLISECONDS).getHostAddress() + ":" + port;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RemotingException("cannot resolve " + host + " within " + timeoutMillis + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new RemotingException("cannot resolve " + host + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        client.close();
        resolver.shutdownNow();
    }
}
