package io.cometmq.broker;

import io.cometmq.broker.auth.AclStore;
import io.cometmq.broker.auth.AuthGuard;
import io.cometmq.broker.auth.AuthMetadata;
import io.cometmq.broker.auth.UserStore;
import io.cometmq.broker.assignment.RequestModeTable;
import io.cometmq.broker.assignment.TopicQueues;
import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.client.ProducerManager;
import io.cometmq.broker.client.QueueLockManager;
import io.cometmq.broker.delay.DelayLevels;
import io.cometmq.broker.delay.DelayRouter;
import io.cometmq.broker.delay.ScheduleService;
import io.cometmq.broker.delay.TimerService;
import io.cometmq.broker.grpc.GrpcEndpoint;
import io.cometmq.broker.ha.HaSecurity;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.ha.SlaveMetadataSync;
import io.cometmq.broker.longpoll.PullRequestHoldService;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.metrics.BrokerGaugeSources;
import io.cometmq.broker.metrics.BrokerGauges;
import io.cometmq.broker.metrics.BrokerMetrics;
import io.cometmq.broker.pop.PopLongPolling;
import io.cometmq.broker.pop.PopServices;
import io.cometmq.broker.pop.ReviveLog;
import io.cometmq.broker.pop.ReviveService;
import io.cometmq.broker.pop.order.PopOrderTable;
import io.cometmq.broker.registry.ExternalAddressSource;
import io.cometmq.broker.registry.NameServerRegistrar;
import io.cometmq.broker.stats.BrokerRuntimeStats;
import io.cometmq.broker.stats.ConsumeRates;
import io.cometmq.broker.store.DefaultMessageStore;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.transaction.TransactionCheckService;
import io.cometmq.broker.transaction.TransactionLog;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.pop.PopNames;
import io.cometmq.protocol.tls.ClientSslContext;
import io.cometmq.protocol.tls.ClientTls;
import io.cometmq.protocol.tls.ServerSslContext;
import io.cometmq.protocol.tls.ServerTls;
import io.cometmq.protocol.tls.TlsMode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a broker and runs it. {@link #start()} reads as the start order: storage, request pools, the remoting
 * server, the request handlers ({@link BrokerRequestTable}), background services, replication, the role's duties
 * ({@link RoleController}) and registration. Each step is added to a {@link Lifecycle}, which {@link #close()}
 * stops in reverse: unregister first (so clients stop routing here), stop serving, close the store last.
 */
public final class BrokerServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);
    private static final long QUEUE_LOCK_LEASE_MILLIS = 60_000;
    private static final long LONG_POLLING_CHECK_MILLIS = 200;
    private static final long FIRST_REGISTRATION_TIMEOUT_MILLIS = 10_000;
    /** How often externalAddressFile is re-read (a kubelet updates a mounted ConfigMap within about a minute). */
    private static final long EXTERNAL_ADDRESS_RECHECK_MILLIS = 10_000;

    private final BrokerConfig config;
    private final Clock clock;
    private final RemotingServer server;
    /** The server certificate (remoting and HA port), or null when tls.server.mode is disabled. */
    private final ServerSslContext tlsContext;
    private final RemotingClient client;
    private final ScheduledExecutorService scheduler;
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile BrokerServices services;
    private volatile BrokerMetrics metrics;
    private volatile InetSocketAddress bound;
    private volatile InetSocketAddress grpcBound;
    private volatile BrokerGaugeSources gaugeSources;
    private volatile PopLongPolling popLongPolling;

    public BrokerServer(BrokerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // TLS files are read here: an unusable one fails construction with a TlsFileException naming it
        this.tlsContext = config.tls().serverMode() == TlsMode.DISABLED ? null : ServerSslContext.open(config.tls());
        if (tlsContext != null) {
            lifecycle.onClose("TLS certificate reloading", tlsContext::close);
        }
        this.server = new RemotingServer(new RemotingServer.Config(config.listenHost(), config.listenPort(),
                Math.max(2, Runtime.getRuntime().availableProcessors()), config.maxFrameLength(),
                Duration.ofSeconds(120)).withTls(serverTls()));
        this.client = new RemotingClient(RemotingClient.Config.defaults()
                .withTls(ClientTls.from(config.tls()).orElse(null)));
        this.scheduler = Executors.newScheduledThreadPool(2, RequestPools.daemonThreads("broker-scheduler"));
        lifecycle.onClose("remoting client", client::close);
    }

    private ServerTls serverTls() {
        return tlsContext == null ? ServerTls.DISABLED : new ServerTls(config.tls().serverMode(), tlsContext);
    }

    /** The HA port follows tls.server.mode (master) and tls.enable (slave); the hello proves the inner credentials. */
    private HaSecurity haSecurity() {
        return new HaSecurity(serverTls(), ClientTls.from(config.tls()).map(ClientSslContext::new).orElse(null),
                config.auth().authenticationEnabled(), config.auth().inner());
    }

    /** Recovers the store, starts serving and registers with the NameServers; returns the bound address. */
    public InetSocketAddress start() throws InterruptedException {
        RoleState role = ManagedRole.initialState(config, clock); // a bad role file stops start-up before any I/O
        // registration, lease heartbeats and the slave's metadata sync are signed as the inner super user
        config.auth().inner().ifPresent(client::signRequestsWith);
        MessageStore store = new DefaultMessageStore(config.store());
        lifecycle.start("message store", store::start, store::shutdown);
        ConsumerOffsetManager offsets = new ConsumerOffsetManager(configDir());
        PopOrderTable popOrder = new PopOrderTable(configDir(), clock);
        AuthMetadata auth = new AuthMetadata(new UserStore(configDir()), new AclStore(configDir()));
        auth.initUsers(config.auth());
        if (config.auth().authenticationEnabled()) {
            // before any handler is registered, so no request is ever served unchecked
            server.setRequestGuard(new AuthGuard(config.auth(), auth.users(), auth.acls(),
                    config.brokerClusterName(), clock::millis));
        }
        lifecycle.onClose("consumer offsets", () -> persistOffsets(offsets, popOrder)); // last save, after every request
        metrics = BrokerMetrics.start(config.metrics(), config.brokerClusterName(), config.brokerName(),
                config.brokerIP1());
        lifecycle.onClose("metrics", metrics::close);
        server.setRequestObserver(metrics.requests());
        RequestPools pools = new RequestPools(config);
        lifecycle.onClose("request pools", pools::shutdown);
        lifecycle.onClose("remoting server", () -> server.shutdown(Duration.ofSeconds(3)));
        bound = server.start();

        BrokerServices s = wireServices(store, offsets, popOrder, pools, role);
        services = s;
        DelayLevels levels = DelayLevels.parse(config.messageDelayLevel());
        ScheduleService schedule = new ScheduleService(store, levels, clock, s.storeHost(), configDir(),
                s.metrics());
        TransactionLog transactionLog = new TransactionLog(store, clock, s.storeHost(), configDir());
        TimerService timer = new TimerService(store, clock, s.storeHost(), configDir(), s.metrics());
        gaugeSources = new BrokerGaugeSources(config, clock, store, s.topics(), s.groups(), offsets, s.consumers(),
                s.producers(), s.role(), s.replication(), transactionLog, timer, schedule, pools.apacheWatermarks(),
                scheduler);
        metrics.bind(BrokerGauges.binders(gaugeSources, config.metrics().groups()));
        PopServices pop = popServices(s, pools);
        MasterDuties masterDuties = new MasterDuties(s.topics(), schedule, timer,
                new TransactionCheckService(config, clock, s.topics(), s.producers(), s.storeHost(), transactionLog,
                        server::invokeOneway),
                new ReviveService(pop), scheduler, s.role()::writable);
        RoleController roles = new RoleController(config, s.role(), s.replication(), masterDuties, s.brokerAddr(),
                clock);
        BrokerRuntimeStats runtimeStats = new BrokerRuntimeStats(s.stats(), clock, ZoneId.systemDefault());
        ConsumeRates consumeRates = new ConsumeRates(offsets, clock);
        RequestModeTable requestModes = new RequestModeTable(configDir());
        BrokerProcessors processors = BrokerProcessors.wire(s, new BrokerProcessors.Extras(levels,
                new DelayRouter(levels, clock, config.timerMaxDelaySec() * 1000), transactionLog, schedule, roles,
                runtimeStats, consumeRates, pools, server, auth, pop,
                new TopicQueues(client, config::namesrvAddrs, clock), requestModes));
        BrokerRequestTable.routes(processors, pools, topic -> s.topics().get(topic) != null).forEach(route ->
                server.registerProcessor(route.code(), route.processor(), route.pool()));
        server.addCloseListener(channel -> {
            s.consumers().channelClosed(channel);
            s.producers().channelClosed(channel);
        });

        lifecycle.start("long polling", () -> s.longPolling().start(scheduler, LONG_POLLING_CHECK_MILLIS),
                s.longPolling()::releaseAll);
        lifecycle.start("POP long polling", () -> pop.polling().start(scheduler, LONG_POLLING_CHECK_MILLIS),
                pop.polling()::releaseAll);
        lifecycle.onClose("scheduler", scheduler::shutdownNow); // stops every periodic task started below
        startHousekeeping(s, runtimeStats, consumeRates);
        lifecycle.start("replication", () -> s.replication().start(config.haMasterAddress()),
                s.replication()::close);
        store.addArrivalListener((topic, queueId, queueOffset, tagsCode) -> s.replication().onAppended());
        NameServerRegistrar registrar = new NameServerRegistrar(config.namesrvAddrs(), client, s.topics(),
                roles.identity());
        roles.follow(registrar);
        ExternalAddressSource externalAddress = ExternalAddressSource.open(config.externalAccess());
        registrar.externalAddress(externalAddress.current().orElse(null), false);
        Supplier<SlaveMetadataSync> slaveSyncs = () -> new SlaveMetadataSync(client, store, s.topics(), s.groups(),
                offsets, popOrder, requestModes, registrar::masterAddr, schedule::replaceOffsets, auth);
        lifecycle.start("role duties", () -> roles.start(slaveSyncs, scheduler), roles::close);
        lifecycle.start("registration", () -> registrar.start(scheduler, config.registerNameServerPeriod(),
                FIRST_REGISTRATION_TIMEOUT_MILLIS), registrar::unregisterAll);
        if (externalAddress.watchesFile()) {
            // a changed entry re-registers at once: the NameServers' external answers follow without a restart
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    if (externalAddress.refresh()) {
                        registrar.externalAddress(externalAddress.current().orElse(null), true);
                    }
                } catch (RuntimeException e) {
                    log.error("re-reading the external address file failed", e);
                }
            }, EXTERNAL_ADDRESS_RECHECK_MILLIS, EXTERNAL_ADDRESS_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
        startGrpcEndpoint(s, auth);
        if (config.managed() != null) {
            // renews the master lease four times per lease, so one lost round does not stop writes
            registrar.startLeaseHeartbeats(scheduler, Math.max(250, config.managed().masterLeaseMillis() / 4));
        }
        return bound;
    }

    /** The gRPC endpoint (grpcServerPort 0 or more), after registration: it answers with the cluster's routes. */
    private void startGrpcEndpoint(BrokerServices s, AuthMetadata auth) {
        if (!config.grpc().enabled()) {
            return;
        }
        GrpcEndpoint endpoint = new GrpcEndpoint(config, clock, server, s.topics(), s.groups(),
                () -> s.role().isMaster(), auth.users());
        lifecycle.start("gRPC endpoint", () -> {
            try {
                grpcBound = endpoint.start(scheduler);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot listen on " + config.listenHost() + ":"
                        + config.grpc().serverPort() + " (grpcServerPort): " + e.getMessage(), e);
            }
        }, endpoint::close);
    }

    /** The services request handlers share, from the bound port on (it is part of the broker's address). */
    private BrokerServices wireServices(MessageStore store, ConsumerOffsetManager offsets, PopOrderTable popOrder,
            RequestPools pools, RoleState role) {
        Path configDir = configDir();
        TopicConfigManager topics = new TopicConfigManager(configDir, clock);
        topics.ensureSystemTopics(config.brokerClusterName(), config.brokerName(), config.autoCreateTopicEnable(),
                config.defaultTopicQueueNums(), config.clusterTopicEnable(), config.brokerTopicEnable());
        PullRequestHoldService longPolling = new PullRequestHoldService(clock, pools.pull,
                (topic, queueId) -> store.maxOffsetInQueue(topic, queueId));
        store.addArrivalListener(longPolling);
        ReplicationService replication = new ReplicationService(store, role, configDir, scheduler,
                config.listenHost(), config.haListenPort(), config.store().mappedFileSizeCommitLog(),
                config.slaveTimeout(), clock, haSecurity());
        return new BrokerServices(config, clock, store, topics,
                new SubscriptionGroupManager(configDir, config.autoCreateSubscriptionGroup()), offsets, popOrder,
                new ConsumerManager(clock, server::invokeOneway), new ProducerManager(),
                new QueueLockManager(clock, QUEUE_LOCK_LEASE_MILLIS), longPolling,
                config.storeHost(bound.getPort()), config.brokerAddr(bound.getPort()), new BrokerStats(clock.millis()),
                role, replication, metrics.messages());
    }

    /**
     * POP consumption's shared parts: the revive log (a system topic with reviveQueueNum queues, created here) and the
     * long polling of pops, woken by every message the store dispatches.
     */
    private PopServices popServices(BrokerServices s, RequestPools pools) {
        String reviveTopic = PopNames.reviveTopic(config.brokerClusterName());
        s.topics().getOrCreateSystemTopic(reviveTopic, config.pop().reviveQueueNum());
        PopLongPolling polling = new PopLongPolling(clock, pools.pop, config.pop().popPollingSize(),
                config.pop().maxPopPollingSize());
        popLongPolling = polling;
        s.store().addArrivalListener(polling);
        return new PopServices(config.pop(), clock, s.store(), s.topics(), s.groups(), s.offsets(), s.role(),
                config.brokerName(), s.brokerAddr(), s.storeHost(), config::isReadable,
                config.store().transfer().hotBytes(),
                new ReviveLog(s.store(), s.role(), s.brokerAddr(), reviveTopic, config.pop().reviveQueueNum(),
                        s.storeHost(), clock, end -> s.replication().confirm(end, true)),
                polling, s.popOrder(), s.stats(), s.metrics());
    }

    /** Periodic upkeep on the scheduler: statistics windows, saving offsets, dropping clients that went silent. */
    private void startHousekeeping(BrokerServices s, BrokerRuntimeStats runtimeStats, ConsumeRates consumeRates) {
        runtimeStats.start(scheduler);
        consumeRates.start(scheduler);
        scheduler.scheduleWithFixedDelay(() -> {
            // FIFO state of deleted topics and groups goes, as Apache's ConsumerOrderInfoManager drops it
            java.util.Set<String> groups = s.groups().all().keySet();
            s.popOrder().retainIf((topic, group) -> s.topics().get(topic) != null && groups.contains(group));
            persistOffsets(s.offsets(), s.popOrder());
        }, config.flushConsumerOffsetInterval(),
                config.flushConsumerOffsetInterval(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            s.consumers().evictSilent(config.channelExpiredTimeout());
            s.producers().evictSilent(clock.millis(), config.channelExpiredTimeout());
        }, 10, 10, TimeUnit.SECONDS);
    }

    private Path configDir() {
        return config.store().storePathRootDir().resolve("config");
    }

    private static void persistOffsets(ConsumerOffsetManager offsets, PopOrderTable popOrder) {
        try {
            offsets.persist();
        } catch (RuntimeException e) {
            log.warn("cannot persist consumer offsets", e);
        }
        try {
            popOrder.persist();
        } catch (RuntimeException e) {
            log.warn("cannot persist the FIFO pop state", e);
        }
    }

    /** Where /metrics is served, when metricsExporterType is PROM. */
    public java.util.Optional<InetSocketAddress> metricsAddress() {
        return metrics == null ? java.util.Optional.empty() : metrics.address();
    }

    public InetSocketAddress boundAddress() {
        return bound;
    }

    /** Where the gRPC endpoint listens, or null when grpcServerPort is -1. */
    public InetSocketAddress grpcAddress() {
        return grpcBound;
    }

    public String brokerAddr() {
        return services.brokerAddr();
    }

    /** The message store, for tests that look at what was stored. */
    public MessageStore store() {
        return services.store();
    }

    public TopicConfigManager topics() {
        return services.topics();
    }

    public ConsumerManager consumers() {
        return services.consumers();
    }

    /** The FIFO pop state (what consumerOrderInfo.json holds). */
    public PopOrderTable popOrder() {
        return services.popOrder();
    }

    public ReplicationService replication() {
        return services.replication();
    }

    /** What the broker's gauge families read ({@code BrokerGauges.binders}); set by {@link #start()}. */
    public BrokerGaugeSources gaugeSources() {
        return gaugeSources;
    }

    /** The POP requests waiting for messages (long polling). */
    public PopLongPolling popLongPolling() {
        return popLongPolling;
    }

    /** The role the broker runs in now (changes with promotion and, managed, demotion). */
    public RoleState role() {
        return services.role();
    }

    /** Stops everything {@link #start()} started, in reverse order. */
    @Override
    public void close() {
        lifecycle.close();
    }
}
