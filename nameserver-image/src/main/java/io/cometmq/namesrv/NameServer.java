package io.cometmq.namesrv;

import io.cometmq.namesrv.auth.NameServerGuard;
import io.cometmq.namesrv.processor.BrokerRegistrationProcessor;
import io.cometmq.namesrv.processor.KvConfigProcessor;
import io.cometmq.namesrv.processor.Listeners;
import io.cometmq.namesrv.processor.RouteQueryProcessor;
import io.cometmq.namesrv.processor.TopicAdminProcessor;
import io.cometmq.namesrv.route.RouteTable;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.netty.RequestProcessor;
import io.cometmq.protocol.tls.ServerSslContext;
import io.cometmq.protocol.tls.ServerTls;
import io.cometmq.protocol.tls.TlsMode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the route table, its request handlers and the expiry scan to a remoting server. */
public final class NameServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NameServer.class);

    private final NameServerConfig config;
    private final RouteTable routes;
    private final RemotingServer server;
    private final ServerSslContext tlsContext;
    private final ExecutorService workers;
    private final ScheduledExecutorService scanner;
    private volatile NameServerMetrics metrics;
    private final Listeners listeners = new Listeners();
    private volatile InetSocketAddress externalBound;

    public NameServer(NameServerConfig config, Clock clock) {
        this.config = config;
        this.routes = new RouteTable(clock, config.brokerExpiredTime().toMillis());
        // the certificate files are read here: an unusable one fails construction with a TlsFileException naming it
        this.tlsContext = config.tls().serverMode() == TlsMode.DISABLED ? null : ServerSslContext.open(config.tls());
        this.server = new RemotingServer(new RemotingServer.Config(config.listenHost(), config.listenPort(),
                Math.max(2, Runtime.getRuntime().availableProcessors()), config.maxFrameLength(),
                Duration.ofSeconds(120)).withTls(tlsContext == null ? ServerTls.DISABLED
                        : new ServerTls(config.tls().serverMode(), tlsContext)));
        this.workers = Executors.newFixedThreadPool(config.serverWorkerThreads(), daemon("namesrv-worker"));
        this.scanner = Executors.newSingleThreadScheduledExecutor(daemon("namesrv-scan"));
        if (config.auth().authenticationEnabled()) {
            server.setRequestGuard(new NameServerGuard(config.auth(), clock::millis));
        }
        registerProcessors(new KvConfigStore(config.kvConfigPath()));
    }

    private void registerProcessors(KvConfigStore kvStore) {
        RequestProcessor registration = RequestProcessor.sync(new BrokerRegistrationProcessor(routes, listeners));
        for (int code : new int[] {RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER,
                RequestCode.QUERY_DATA_VERSION, RequestCode.BROKER_HEARTBEAT}) {
            server.registerProcessor(code, registration, workers);
        }
        RequestProcessor queries = RequestProcessor.sync(new RouteQueryProcessor(routes, config.enableAllTopicList(),
                listeners));
        for (int code : new int[] {RequestCode.GET_ROUTEINFO_BY_TOPIC, RequestCode.GET_BROKER_CLUSTER_INFO,
                RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, RequestCode.GET_TOPICS_BY_CLUSTER,
                RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, RequestCode.GET_UNIT_TOPIC_LIST,
                RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST, RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST}) {
            server.registerProcessor(code, queries, workers);
        }
        RequestProcessor topicAdmin = RequestProcessor.sync(new TopicAdminProcessor(routes));
        for (int code : new int[] {RequestCode.DELETE_TOPIC_IN_NAMESRV, RequestCode.REGISTER_TOPIC_IN_NAMESRV,
                RequestCode.WIPE_WRITE_PERM_OF_BROKER, RequestCode.ADD_WRITE_PERM_OF_BROKER}) {
            server.registerProcessor(code, topicAdmin, workers);
        }
        RequestProcessor kv = RequestProcessor.sync(new KvConfigProcessor(kvStore));
        for (int code : new int[] {RequestCode.PUT_KV_CONFIG, RequestCode.GET_KV_CONFIG,
                RequestCode.DELETE_KV_CONFIG, RequestCode.GET_KVLIST_BY_NAMESPACE}) {
            server.registerProcessor(code, kv, workers);
        }
        server.registerProcessor(RequestCode.GET_NAMESRV_CONFIG, RequestProcessor.sync((ctx, request) ->
                RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).body(config.asMap().entrySet()
                        .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"))
                        .getBytes(StandardCharsets.UTF_8))), workers);
        server.registerProcessor(RequestCode.UPDATE_NAMESRV_CONFIG, RequestProcessor.sync((ctx, request) ->
                RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                        " request type " + request.code() + " not supported: the NameServer configuration is "
                                + "read-only at runtime; change the config file and restart")), workers);
        server.addCloseListener(channel -> {
            List<String> dropped = routes.connectionClosed(channel);
            if (!dropped.isEmpty()) {
                log.info("connection closed, brokers dropped: {}", dropped);
            }
        });
    }

    /** Starts listening and scanning; returns the bound address. */
    public InetSocketAddress start() throws InterruptedException {
        metrics = NameServerMetrics.start(config.metrics(), routes, server); // a taken port fails start-up here
        InetSocketAddress bound = server.start();
        if (config.externalListenerEnabled()) {
            try {
                externalBound = server.listenAlso(config.externalListenHost(), config.externalListenPort());
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + " (externalListenHost/externalListenPort)", e);
            }
            listeners.externalBoundTo(externalBound);
        }
        long scan = config.scanNotActiveBrokerInterval().toMillis();
        scanner.scheduleAtFixedRate(this::scanSilentBrokers, scan, scan, TimeUnit.MILLISECONDS);
        return bound;
    }

    private void scanSilentBrokers() {
        try {
            List<String> expired = routes.expireSilentBrokers();
            if (!expired.isEmpty()) {
                log.warn("brokers silent for longer than their timeout, dropped: {}", expired);
            }
        } catch (RuntimeException e) {
            log.error("broker expiry scan failed", e);
        }
    }

    /** Where /metrics is served, when metricsExporterType is PROM. */
    public java.util.Optional<InetSocketAddress> metricsAddress() {
        NameServerMetrics current = metrics;
        return current == null ? java.util.Optional.empty() : java.util.Optional.of(current.address());
    }

    /** Where the external listener is bound ({@code externalListenPort}), once started. */
    public java.util.Optional<InetSocketAddress> externalAddress() {
        return java.util.Optional.ofNullable(externalBound);
    }

    public RouteTable routes() {
        return routes;
    }

    @Override
    public void close() {
        scanner.shutdownNow();
        server.shutdown(Duration.ofSeconds(3));
        if (metrics != null) {
            metrics.close();
        }
        if (tlsContext != null) {
            tlsContext.close();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
