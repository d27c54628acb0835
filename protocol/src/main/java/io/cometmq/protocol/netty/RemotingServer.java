package io.cometmq.protocol.netty;

import io.cometmq.protocol.codec.RemotingCommandEncoder;
import io.cometmq.protocol.codec.RemotingFrameDecoder;
import io.cometmq.protocol.tls.ServerTls;
import io.cometmq.protocol.tls.ServerTlsHandlers;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts remoting connections and dispatches their requests; see {@link RemotingEndpoint}. */
public final class RemotingServer extends RemotingEndpoint {

    private static final Logger log = LoggerFactory.getLogger(RemotingServer.class);
    /** Netty's default: a connection that keeps a read going still flushes every 256 writes. */
    private static final int FLUSHES_BEFORE_FORCED_FLUSH = 256;

    /**
     * @param host            address to bind; "0.0.0.0" for all interfaces
     * @param port            port to bind; 0 picks a free one (tests)
     * @param ioThreads       event-loop threads for reading and writing
     * @param maxFrameLength  largest frame accepted, in bytes
     * @param idleTimeout     a connection with no traffic for this long is closed
     * @param tls             TLS on this port ({@link ServerTls#DISABLED}: plain only, the pipeline as before)
     */
    public record Config(String host, int port, int ioThreads, int maxFrameLength, Duration idleTimeout,
            ServerTls tls) {
        public Config {
            tls = tls == null ? ServerTls.DISABLED : tls;
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
            }
        }

        /** A plain (no TLS) port. */
        public Config(String host, int port, int ioThreads, int maxFrameLength, Duration idleTimeout) {
            this(host, port, ioThreads, maxFrameLength, idleTimeout, ServerTls.DISABLED);
        }

        public Config withTls(ServerTls serverTls) {
            return new Config(host, port, ioThreads, maxFrameLength, idleTimeout, serverTls);
        }

        public static Config onPort(String host, int port) {
            return new Config(host, port, Math.max(2, Runtime.getRuntime().availableProcessors()),
                    RemotingFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, Duration.ofSeconds(120));
        }
    }

    private final Config config;
    private final ServerTlsHandlers tlsHandlers;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private ServerBootstrap bootstrap;
    private final java.util.List<Channel> extraServerChannels = new java.util.concurrent.CopyOnWriteArrayList<>();

    public RemotingServer(Config config) {
        this.config = config;
        this.tlsHandlers = config.tls().enabled() ? new ServerTlsHandlers(config.tls()) : null;
    }

    /** Binds and starts accepting; returns the bound address (useful with port 0). */
    public InetSocketAddress start() throws InterruptedException {
        bossGroup = Transport.newGroup(1, "remoting-accept");
        workerGroup = Transport.newGroup(config.ioThreads(), "remoting-io");
        bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        channel.pipeline().addLast(
                                // responses written while a read is being handled (requests run on the I/O
                                // thread) leave in one flush when the read completes; others flush at once
                                new FlushConsolidationHandler(FLUSHES_BEFORE_FORCED_FLUSH, false),
                                new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                new RemotingFrameDecoder(config.maxFrameLength()),
                                RemotingCommandEncoder.INSTANCE,
                                handler());
                        if (tlsHandlers != null) {
                            tlsHandlers.install(channel);
                        }
                    }
                });
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            shutdown(Duration.ZERO);
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + e, e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.debug("remoting server bound to {} ({}, tls {})", bound, Transport.name(),
                config.tls().mode().configValue());
        return bound;
    }

    /**
     * Binds a further listening address after {@link #start()}: same event loops, pipeline, TLS, processors and
     * guard. A processor tells the listeners apart by {@link RequestContext#listenerAddress()}.
     *
     * @return the bound address (useful with port 0)
     */
    public InetSocketAddress listenAlso(String host, int port) throws InterruptedException {
        if (bootstrap == null) {
            throw new IllegalStateException("start() the server before adding a listener");
        }
        Channel extra;
        try {
            extra = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e, e);
        }
        extraServerChannels.add(extra);
        log.debug("remoting server also bound to {}", extra.localAddress());
        return (InetSocketAddress) extra.localAddress();
    }

    public InetSocketAddress localAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return channels.size();
    }

    /** Stops accepting, closes connections and waits up to {@code timeout} for the event loops to finish. */
    public void shutdown(Duration timeout) {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(timeout.toMillis());
        }
        extraServerChannels.forEach(extra -> extra.close().awaitUninterruptibly(timeout.toMillis()));
        channels.close().awaitUninterruptibly(timeout.toMillis());
        long quiet = Math.min(100, timeout.toMillis());
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(quiet, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(quiet, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(timeout.toMillis() + 1000);
        }
    }
}
