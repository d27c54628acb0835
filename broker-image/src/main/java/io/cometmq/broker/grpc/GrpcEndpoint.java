package io.cometmq.broker.grpc;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.grpc.client.GrpcClients;
import io.cometmq.broker.grpc.consumer.ConsumeActivity;
import io.cometmq.broker.grpc.consumer.HandleRenewer;
import io.cometmq.broker.grpc.consumer.ReceiveActivity;
import io.cometmq.broker.grpc.gateway.ClusterRoutes;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.broker.grpc.producer.SendActivity;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.broker.grpc.route.TopicTypes;
import io.cometmq.broker.grpc.transaction.TransactionActivity;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.netty.RequestProcessor;
import io.cometmq.protocol.tls.ClientTls;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC port (grpcServerPort): its own small Netty event loops and handler pool, TLS and plaintext on the same
 * port, and the pieces behind {@link MessagingService}. Started by the broker when grpcServerPort is 0 or more.
 */
public final class GrpcEndpoint implements AutoCloseable {

    /** Lets protobuf-java 3.25 run rocketmq-proto's pre-22 gencode without a warning per message type. */
    public static final String PRE22_GENCODE_PROPERTY = "com.google.protobuf.use_unsafe_pre22_gencode";

    static {
        // before the first proto class loads (BrokerMain sets it too; embedded brokers in tests come here first)
        if (System.getProperty(PRE22_GENCODE_PROPERTY) == null) {
            System.setProperty(PRE22_GENCODE_PROPERTY, "true");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(GrpcEndpoint.class);
    private static final long REGISTRATION_REFRESH_SECONDS = 20;
    private static final long RENEW_PERIOD_MILLIS = 5_000;

    private final BrokerConfig config;
    private final RemotingClient client;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService executor;
    private final GrpcClients clients;
    private final HandleRenewer renewer;
    private final Server server;

    public GrpcEndpoint(BrokerConfig config, Clock clock, RemotingServer localServer, TopicConfigManager topics,
            SubscriptionGroupManager groups, BooleanSupplier localIsMaster) {
        this.config = config;
        GrpcConfig grpc = config.grpc();
        this.client = new RemotingClient(RemotingClient.Config.defaults()
                .withTls(ClientTls.from(config.tls()).orElse(null)));
        // requests forwarded to other broker groups are signed like the broker's own (the inner super user)
        config.auth().inner().ifPresent(client::signRequestsWith);
        ClusterRoutes routes = new ClusterRoutes(config.namesrvAddrs(), client, config.brokerClusterName(), clock);
        RemotingGateway gateway = new RemotingGateway(config.brokerName(), localIsMaster, localServer, client,
                routes);
        TransactionActivity transactions = new TransactionActivity(gateway);
        this.clients = new GrpcClients(gateway, clock, (grpcClient, request) -> {
            if (request.code() == RequestCode.CHECK_TRANSACTION_STATE) {
                transactions.checkBack(clientsOrNull(), grpcClient, request);
            }
        });
        this.executor = new ThreadPoolExecutor(4, Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), new DefaultThreadFactory("grpc-handler", true));
        // check-backs of other broker groups arrive on the connection this endpoint registered producers over
        client.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, (context, request) -> {
            transactions.checkBack(clients, null, request);
            return null;
        }, executor);
        client.registerDefaultProcessor(RequestProcessor.sync((context, request) -> null), executor);
        this.renewer = new HandleRenewer(grpc, gateway, clock);
        TopicTypes types = new TopicTypes(topics, gateway, clock);
        ConsumeActivity consume = new ConsumeActivity(grpc, gateway, renewer);
        MessagingService service = new MessagingService(grpc, clients, new RouteActivity(routes, types),
                new SendActivity(grpc, gateway, types), new ReceiveActivity(grpc, gateway, consume, groups::find,
                renewer), consume, transactions, renewer, groups::find);
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("grpc-accept", true),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("grpc-io", true), NioIoHandler.newFactory());
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.listenHost(), grpc.serverPort()))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .channelType(NioServerSocketChannel.class)
                .executor(executor)
                .maxInboundMessageSize(grpc.maxInboundMessageSize())
                .protocolNegotiator(new PermissiveTlsNegotiator(sslContext(config)))
                .addService(ServerInterceptors.intercept(service, new ClientMetadata()))
                .build();
    }

    private GrpcClients clientsOrNull() {
        return clients;
    }

    /**
     * The remoting port's certificate (tls.server.certPath / keyPath) when there is one, else a self-signed one made
     * now (as Apache's proxy with tlsTestModeEnable): SDKs trust any certificate by default.
     */
    private static SslContext sslContext(BrokerConfig config) {
        try {
            String cert = config.tls().serverCertPath();
            String key = config.tls().serverKeyPath();
            if (cert != null && !cert.isBlank() && key != null && !key.isBlank()) {
                String password = config.tls().serverKeyPassword();
                return GrpcSslContexts.forServer(new File(cert), new File(key),
                        password == null || password.isEmpty() ? null : password).build();
            }
            SelfSignedCertificate self = new SelfSignedCertificate("cometmq-" + config.brokerName());
            return GrpcSslContexts.forServer(self.certificate(), self.privateKey()).build();
        } catch (IOException | java.security.cert.CertificateException | RuntimeException e) {
            throw new IllegalStateException("cannot set up TLS for the gRPC port: " + e.getMessage(), e);
        }
    }

    /** Binds and starts serving; returns the bound address (useful with grpcServerPort 0). */
    public InetSocketAddress start(ScheduledExecutorService scheduler) throws IOException {
        server.start();
        scheduler.scheduleWithFixedDelay(this::refreshRegistrations, REGISTRATION_REFRESH_SECONDS,
                REGISTRATION_REFRESH_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::renew, RENEW_PERIOD_MILLIS, RENEW_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
        log.info("gRPC endpoint listening on {} (TLS and plaintext)", bound);
        return bound;
    }

    private void refreshRegistrations() {
        try {
            clients.refreshAll();
        } catch (RuntimeException e) {
            log.warn("cannot refresh gRPC client registrations", e);
        }
    }

    private void renew() {
        try {
            renewer.renewDue();
        } catch (RuntimeException e) {
            log.warn("cannot renew push consumers' receipt handles", e);
        }
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    /** Stops accepting, lets running calls finish for a moment, then closes everything. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(3, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        executor.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        client.close();
        log.debug("gRPC endpoint of {} closed", config.brokerName());
    }
}
