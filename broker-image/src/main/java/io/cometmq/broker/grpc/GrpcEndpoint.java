package io.cometmq.broker.grpc;

import apache.rocketmq.v2.MessagingServiceGrpc;
import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.auth.UserStore;
import io.cometmq.broker.grpc.client.GrpcClients;
import io.cometmq.broker.grpc.consumer.ConsumeActivity;
import io.cometmq.broker.grpc.consumer.HandleRenewer;
import io.cometmq.broker.grpc.consumer.OffsetActivity;
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
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.netty.RequestProcessor;
import io.cometmq.protocol.tls.ClientTls;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executor;
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
    /** Apache's grpcClientIdleTimeMills: a client without telemetry stream and calls for this long is gone. */
    private static final long CLIENT_IDLE_MILLIS = 120_000;
    private static final String SEND_MESSAGE = MessagingServiceGrpc.getSendMessageMethod().getFullMethodName();

    private final BrokerConfig config;
    private final RemotingClient client;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService executor;
    private final GrpcClients clients;
    private final HandleRenewer renewer;
    private final Server server;

    /** @param users the broker's users, who may sign gRPC calls when authenticationEnabled */
    public GrpcEndpoint(BrokerConfig config, Clock clock, RemotingServer localServer, TopicConfigManager topics,
            SubscriptionGroupManager groups, BooleanSupplier localIsMaster, UserStore users) {
        this.config = config;
        GrpcConfig grpc = config.grpc();
        this.client = new RemotingClient(RemotingClient.Config.defaults()
                .withTls(ClientTls.from(config.tls()).orElse(null)));
        // the gateway signs each request: as the gRPC client when it authenticated, else as the inner user
        SessionCredentials inner = config.auth().inner().orElse(null);
        ClusterRoutes routes = new ClusterRoutes(config.namesrvAddrs(), client, config.brokerClusterName(), clock,
                inner);
        RemotingGateway gateway = new RemotingGateway(config.brokerName(), localIsMaster, localServer, client,
                routes, config.auth().authenticationEnabled(), inner);
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
                renewer), consume, transactions, renewer, new OffsetActivity(grpc, gateway), groups::find, executor);
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("grpc-accept", true),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("grpc-io", true), NioIoHandler.newFactory());
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(config.listenHost(), grpc.serverPort()))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .channelType(NioServerSocketChannel.class)
                // SendMessage stays on the I/O thread (MessagingService.sendMessage moves it when it would block);
                // every other RPC runs on the handler pool, as all did before
                .directExecutor()
                .callExecutor(new ServerCallExecutorSupplier() {
                    @Override
                    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
                        return SEND_MESSAGE.equals(call.getMethodDescriptor().getFullMethodName()) ? null : executor;
                    }
                })
                .maxInboundMessageSize(grpc.maxInboundMessageSize())
                .protocolNegotiator(new PermissiveTlsNegotiator(GrpcTlsContext.open(config.tls(), config.brokerName(),
                        clock)))
                .addService(config.auth().authenticationEnabled()
                        ? ServerInterceptors.intercept(service, new ClientMetadata(), new GrpcAuthenticator(users))
                        : ServerInterceptors.intercept(service, new ClientMetadata()))
                .build();
    }

    private GrpcClients clientsOrNull() {
        return clients;
    }

    /** Binds and starts serving; returns the bound address (useful with grpcServerPort 0). */
    public InetSocketAddress start(ScheduledExecutorService scheduler) throws IOException {
        server.start();
        scheduler.scheduleWithFixedDelay(this::refreshRegistrations, REGISTRATION_REFRESH_SECONDS,
                REGISTRATION_REFRESH_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::renew, renewer.periodMillis(), renewer.periodMillis(),
                TimeUnit.MILLISECONDS);
        InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
        log.info("gRPC endpoint listening on {} (TLS and plaintext)", bound);
        return bound;
    }

    private void refreshRegistrations() {
        try {
            clients.refreshAll(CLIENT_IDLE_MILLIS);
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
