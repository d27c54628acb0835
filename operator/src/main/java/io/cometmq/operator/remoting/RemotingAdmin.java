package io.cometmq.operator.remoting;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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

    private final AdminClients clients;
    private final ThreadLocal<ClusterAccess> scoped = ThreadLocal.withInitial(() -> ClusterAccess.PLAIN);
    private final long timeoutMillis;
    private final ExecutorService resolver;

    public RemotingAdmin() {
        this(DEFAULT_TIMEOUT);
    }

    public RemotingAdmin(Duration timeout) {
        this.clients = new AdminClients(timeout);
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

    /**
     * Runs {@code work} with {@code access} in force for every request this thread sends through
     * {@link #call(String, int, Map)} and {@link #callAsync(String, int, Map)}: the probe of one cluster
     * (ClusterAccessScope) signs and encrypts as that cluster needs without each caller passing credentials along.
     * Requests are signed on the calling thread, so a future completing elsewhere does not matter.
     */
    public <T> T with(ClusterAccess access, Supplier<T> work) {
        ClusterAccess before = scoped.get();
        scoped.set(access);
        try {
            return work.get();
        } finally {
            scoped.set(before);
        }
    }

    /** Sends a request and waits for the answer (any response code); fails when no answer came in time. */
    public RemotingCommand call(String address, int code, Map<String, String> header)
            throws RemotingException, InterruptedException {
        return call(address, RemotingCommand.request(code, header), scoped.get());
    }

    /**
     * Sends a prepared request (header and body set) as {@code access} says: signed with the cluster's inner
     * credentials (see {@link ClusterCredentials#access}), over TLS when the cluster enforces it; waits for the answer.
     */
    public RemotingCommand call(String address, RemotingCommand request, ClusterAccess access)
            throws RemotingException, InterruptedException {
        access.signer().ifPresent(credentials -> RequestSignature.sign(request, credentials));
        return clients.forAccess(access).invokeSync(resolve(address), request, timeoutMillis);
    }

    /** As {@link #call(String, RemotingCommand, ClusterAccess)}, plain TCP, signed with {@code signer} when present. */
    public RemotingCommand call(String address, RemotingCommand request, Optional<SessionCredentials> signer)
            throws RemotingException, InterruptedException {
        return call(address, request, ClusterAccess.signedBy(signer));
    }

    /** As {@link #call} without waiting for the answer; every failure, address errors included, fails the future. */
    public CompletableFuture<RemotingCommand> callAsync(String address, int code, Map<String, String> header) {
        return callAsync(address, RemotingCommand.request(code, header), scoped.get());
    }

    /** As {@link #call(String, RemotingCommand, ClusterAccess)} without waiting for the answer. */
    public CompletableFuture<RemotingCommand> callAsync(String address, RemotingCommand request, ClusterAccess access) {
        try {
            access.signer().ifPresent(credentials -> RequestSignature.sign(request, credentials));
            return clients.forAccess(access).invokeAsync(resolve(address), request, timeoutMillis);
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
        clients.close();
        resolver.shutdownNow();
    }
}
