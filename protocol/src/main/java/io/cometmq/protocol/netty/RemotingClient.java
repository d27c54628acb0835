package io.cometmq.protocol.netty;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.codec.RemotingCommandEncoder;
import io.cometmq.protocol.codec.RemotingFrameDecoder;
import io.cometmq.protocol.tls.ClientSslContext;
import io.cometmq.protocol.tls.ClientTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Connects to remoting servers by {@code host:port} and sends requests, keeping one connection per address
 * (as RocketMQ clients do) and reconnecting lazily after a connection breaks.
 */
public final class RemotingClient extends RemotingEndpoint implements AutoCloseable {

    /**
     * @param ioThreads      event-loop threads
     * @param connectTimeout how long a connection attempt may take
     * @param maxFrameLength largest frame accepted, in bytes
     * @param idleTimeout    a connection with no traffic for this long is closed
     * @param tls            TLS for every connection of this client, or null for plain connections
     */
    public record Config(int ioThreads, Duration connectTimeout, int maxFrameLength, Duration idleTimeout,
            ClientTls tls) {

        /** Plain connections. */
        public Config(int ioThreads, Duration connectTimeout, int maxFrameLength, Duration idleTimeout) {
            this(ioThreads, connectTimeout, maxFrameLength, idleTimeout, null);
        }

        /** The same settings with TLS on every connection ({@code null}: plain). */
        public Config withTls(ClientTls clientTls) {
            return new Config(ioThreads, connectTimeout, maxFrameLength, idleTimeout, clientTls);
        }

        public static Config defaults() {
            return new Config(2, Duration.ofSeconds(3), RemotingFrameDecoder.DEFAULT_MAX_FRAME_LENGTH,
                    Duration.ofSeconds(120));
        }
    }

    private final Config config;
    private final ClientSslContext sslContext;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> connections = new ConcurrentHashMap<>();

    public RemotingClient() {
        this(Config.defaults());
    }

    /** A client with these settings; with TLS, a PEM file that cannot be used fails here, naming it. */
    public RemotingClient(Config config) {
        this.config = config;
        this.sslContext = config.tls() == null ? null : new ClientSslContext(config.tls());
        this.group = Transport.newGroup(config.ioThreads(), "remoting-client");
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(Transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                new RemotingFrameDecoder(config.maxFrameLength()),
                                RemotingCommandEncoder.INSTANCE,
                                handler());
                    }
                });
    }

    /** Sends a request and waits for its response. */
    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        try {
            return invokeAsync(address, request, timeoutMillis).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException remoting) {
                throw remoting;
            }
            throw new RemotingException("request code " + request.code() + " to " + address + " failed",
                    e.getCause());
        }
    }

    /** Sends a request; the future completes with the response or fails with a {@link RemotingException}. */
    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request,
            long timeoutMillis) {
        return channel(address).thenCompose(channel -> invoke(channel, request, timeoutMillis));
    }

    /** Sends a request that gets no response. */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return channel(address).thenCompose(channel -> invokeOneway(channel, request));
    }

    /** The open connection to {@code address}, connecting first if there is none. */
    public CompletableFuture<Channel> channel(String address) {
        ChannelFuture connection = connections.compute(address, (key, existing) -> {
            if (existing != null && (!existing.isDone() || existing.channel().isActive())) {
                return existing;
            }
            return connect(key);
        });
        CompletableFuture<Channel> result = new CompletableFuture<>();
        connection.addListener((ChannelFutureListener) connect -> {
            if (connect.isSuccess()) {
                result.complete(connect.channel());
            } else {
                connections.remove(address, connection);
                result.completeExceptionally(new RemotingException("cannot connect to " + address + ": "
                        + connect.cause().getMessage(), connect.cause()));
            }
        });
        return result;
    }

    /** Closes the connection to one address, if any (e.g. after the peer was found dead). */
    public void closeConnection(String address) {
        ChannelFuture connection = connections.remove(address);
        if (connection != null) {
            connection.channel().close();
        }
    }

    private ChannelFuture connect(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address '" + address + "' is not host:port");
        }
        String host = address.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + address + "' has a non-numeric port");
        }
        ChannelFuture future = sslContext == null ? bootstrap.connect(host, port) : connectTls(host, port);
        future.channel().closeFuture().addListener(closed -> connections.remove(address, future));
        return future;
    }

    /**
     * Connects and completes when the TLS handshake has (within the connect timeout), so a refused certificate fails
     * the request saying why.
     */
    private ChannelFuture connectTls(String host, int port) {
        // read on the caller's thread: the PEM files are checked for changes here, not on the event loop
        SslContext context = sslContext.current();
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                SslHandler ssl = context.newHandler(channel.alloc(), host, port);
                ssl.setHandshakeTimeoutMillis(config.connectTimeout().toMillis());
                channel.pipeline().addLast(ssl, bootstrap.config().handler());
            }
        }).connect(host, port);
        ChannelPromise ready = connect.channel().newPromise();
        connect.addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess()) {
                ready.setFailure(connected.cause());
                return;
            }
            SslHandler ssl = connected.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                ready.setFailure(new SSLException("connection closed before the TLS handshake"));
                return;
            }
            ssl.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    ready.setSuccess();
                } else {
                    ready.setFailure(new SSLException("TLS handshake failed: " + handshake.cause().getMessage(),
                            handshake.cause()));
                }
            });
        });
        return ready;
    }

    @Override
    public void close() {
        connections.values().forEach(connection -> connection.channel().close());
        connections.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }
}
