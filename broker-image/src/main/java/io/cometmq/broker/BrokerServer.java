package io.cometmq.broker;

import io.cometmq.broker.client.ConsumerManager;
import io.cometmq.broker.client.ProducerManager;
import io.cometmq.broker.client.QueueLockManager;
import io.cometmq.broker.delay.DelayLevels;
import io.cometmq.broker.delay.DelayRouter;
import io.cometmq.broker.delay.ScheduleService;
import io.cometmq.broker.delay.TimerService;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.retry.SendBackProcessor;
import io.cometmq.broker.ha.SlaveMetadataSync;
import io.cometmq.broker.longpoll.PullRequestHoldService;
import io.cometmq.broker.meta.ConsumerOffsetManager;
import io.cometmq.broker.meta.SubscriptionGroupManager;
import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.processor.BrokerInfoProcessor;
import io.cometmq.broker.processor.ClientManageProcessor;
import io.cometmq.broker.processor.ConsumerAdminProcessor;
import io.cometmq.broker.processor.ConsumerRunningInfoProcessor;
import io.cometmq.broker.processor.OffsetResetProcessor;
import io.cometmq.broker.processor.ConsumerOffsetProcessor;
import io.cometmq.broker.processor.PullMessageProcessor;
import io.cometmq.broker.processor.QueryMessageProcessor;
import io.cometmq.broker.processor.QueueLockProcessor;
import io.cometmq.broker.processor.QueueStatsProcessor;
import io.cometmq.broker.processor.SendMessageProcessor;
import io.cometmq.broker.processor.SlavePromotionProcessor;
import io.cometmq.broker.processor.SubscriptionGroupProcessor;
import io.cometmq.broker.processor.TopicAdminProcessor;
import io.cometmq.broker.registry.NameServerRegistrar;
import io.cometmq.broker.stats.BrokerRuntimeStats;
import io.cometmq.broker.stats.ConsumeRates;
import io.cometmq.broker.store.DefaultMessageStore;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.transaction.EndTransactionProcessor;
import io.cometmq.broker.transaction.TransactionCheckService;
import io.cometmq.broker.transaction.TransactionHalfRouter;
import io.cometmq.broker.transaction.TransactionLog;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.netty.RemotingClient;
import io.cometmq.protocol.netty.RemotingServer;
import io.cometmq.protocol.netty.RequestProcessor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a broker together (store, metadata, clients, processors, registration) and runs it. No logic here. */
public final class BrokerServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);
    private static final long QUEUE_LOCK_LEASE_MILLIS = 60_000;

    private final BrokerConfig config;
    private final Clock clock;
    private final RemotingServer server;
    private final RemotingClient client = new RemotingClient();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private MessageStore store;
    private BrokerServices services;
    private NameServerRegistrar registrar;
    private SlaveMetadataSync metadataSync;
    private DelayRouter delayRouter;
    private ScheduleService schedule;
    private TimerService timers;
    private TransactionLog transactionLog;
    private TransactionCheckService transactionChecks;
    private InetSocketAddress bound;

    public BrokerServer(BrokerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.server = new RemotingServer(new RemotingServer.Config(config.listenHost(), config.listenPort(),
                Math.max(2, Runtime.getRuntime().availableProcessors()), config.maxFrameLength(),
                Duration.ofSeconds(120)));
        this.scheduler = Executors.newScheduledThreadPool(2, threads("broker-scheduler"));
    }

    /** Recovers the store, starts serving and registers with the NameServers; returns the bound address. */
    public InetSocketAddress start() throws InterruptedException {
        store = new DefaultMessageStore(config.store());
        store.start();
        bound = server.start();
        String brokerAddr = config.brokerAddr(bound.getPort());
        Path configDir = config.store().storePathRootDir().resolve("config");
        TopicConfigManager topics = new TopicConfigManager(configDir, clock);
        topics.ensureSystemTopics(config.brokerClusterName(), config.brokerName(), config.autoCreateTopicEnable(),
                config.defaultTopicQueueNums(), config.clusterTopicEnable(), config.brokerTopicEnable());
        ExecutorService pullExecutor = pool("pull", config.pullMessageThreadPoolNums(), 100_000);
        PullRequestHoldService longPolling = new PullRequestHoldService(clock, pullExecutor,
                (topic, queueId) -> store.maxOffsetInQueue(topic, queueId));
        store.addArrivalListener(longPolling);
        ConsumerManager consumers = new ConsumerManager(clock, (channel, command) ->
                server.invokeOneway(channel, command));
        ProducerManager producers = new ProducerManager();
        RoleState role = new RoleState(config.brokerRole(), config.brokerId());
        ReplicationService replication = new ReplicationService(store, role, configDir, scheduler,
                config.listenHost(), config.haListenPort(), config.store().mappedFileSizeCommitLog(),
                config.slaveTimeout(), clock);
        services = new BrokerServices(config, clock, store, topics,
                new SubscriptionGroupManager(configDir, config.autoCreateSubscriptionGroup()),
                new ConsumerOffsetManager(configDir), consumers, producers,
                new QueueLockManager(clock, QUEUE_LOCK_LEASE_MILLIS), longPolling,
                config.storeHost(bound.getPort()), brokerAddr, new BrokerStats(clock.millis()), role, replication);
        DelayLevels levels = DelayLevels.parse(config.messageDelayLevel());
        delayRouter = new DelayRouter(levels, clock, config.timerMaxDelaySec() * 1000);
        schedule = new ScheduleService(store, levels, clock, services.storeHost(), configDir);
        timers = new TimerService(store, clock, services.storeHost(), configDir);
        transactionLog = new TransactionLog(store, clock, services.storeHost(), configDir);
        transactionChecks = new TransactionCheckService(services, transactionLog,
                (channel, command) -> server.invokeOneway(channel, command));
        registerProcessors(pullExecutor, levels);
        server.addCloseListener(channel -> {
            consumers.channelClosed(channel);
            producers.channelClosed(channel);
        });

        longPolling.start(scheduler, 200);
        scheduler.scheduleWithFixedDelay(this::persistOffsets, config.flushConsumerOffsetInterval(),
                config.flushConsumerOffsetInterval(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::evictSilentClients, 10, 10, TimeUnit.SECONDS);
        replication.start(config.haMasterAddress());
        if (role.isMaster()) {
            startMasterServices();
        }
        store.addArrivalListener((topic, queueId, queueOffset, tagsCode) -> replication.onAppended());
        registrar = new NameServerRegistrar(config.namesrvAddrs(), client, topics, identity());
        registrar.onMasterAddress((masterAddr, haAddr) -> replication.masterChanged(haAddr));
        registrar.start(scheduler, config.registerNameServerPeriod(), 10_000);
        if (!role.isMaster()) {
            metadataSync = new SlaveMetadataSync(client, services, registrar::masterAddr, schedule::replaceOffsets);
            scheduler.scheduleWithFixedDelay(metadataSync::syncOnce, 1_000, config.slaveMetadataSyncInterval(),
                    TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(metadataSync::adoptReplicatedTopics, 1, 1, TimeUnit.SECONDS);
        }
        return bound;
    }

    /** What only a master runs: delivering delayed and timed messages (slaves hold them, replicated). */
    private void startMasterServices() {
        services.topics().getOrCreateSystemTopic(DelayRouter.TIMER_TOPIC, 1);
        schedule.start(scheduler);
        timers.start(scheduler);
        transactionChecks.start(scheduler);
    }

    /** Who we are for the NameServers: changes when a slave is promoted. */
    private NameServerRegistrar.Identity identity() {
        String haAddr = config.brokerIP2() + ":" + services.replication().haPort();
        return new NameServerRegistrar.Identity(config.brokerClusterName(), config.brokerName(),
                services.role().brokerId(), services.brokerAddr(), haAddr, config.brokerNotActiveTimeoutMillis());
    }

    /**
     * Promotes this slave to master of its group (see {@link SlavePromotion} for the safety checks), then
     * re-registers under broker id 0.
     */
    public synchronized void promote(BrokerRole newRole) {
        services.replication().promote(newRole);
        startMasterServices();
        if (metadataSync != null) {
            metadataSync.stop();
        }
        registrar.changeIdentity(identity());
    }

    /** Registers now and returns the master the NameServers report (null when none is registered). */
    private String registeredMasterNow() {
        try {
            registrar.registerAll().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not refresh registration before promotion: {}", e.toString());
        }
        return registrar.currentMasterAddr();
    }

    public NameServerRegistrar registrar() {
        return registrar;
    }

    private void registerProcessors(ExecutorService pullExecutor, DelayLevels levels) {
        ExecutorService send = pool("send", config.sendMessageThreadPoolNums(), 10_000);
        ExecutorService admin = pool("admin", config.adminBrokerThreadPoolNums(), 1_000);
        ExecutorService clients = pool("client", 4, 10_000);
        ExecutorService offsets = pool("offset", 4, 10_000);

        RequestProcessor sendProcessor = new SendMessageProcessor(services,
                List.of(new TransactionHalfRouter(services.topics()), delayRouter));
        server.registerProcessor(RequestCode.END_TRANSACTION,
                RequestProcessor.sync(new EndTransactionProcessor(services, transactionLog)), send);
        server.registerProcessor(RequestCode.CONSUMER_SEND_MSG_BACK,
                new SendBackProcessor(services, levels, delayRouter), send);
        for (int code : new int[] {RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2,
                RequestCode.SEND_BATCH_MESSAGE, RequestCode.SEND_REPLY_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2}) {
            server.registerProcessor(code, sendProcessor, send);
        }
        RequestProcessor pull = new PullMessageProcessor(services,
                () -> registrar != null && registrar.currentMasterAddr() != null);
        server.registerProcessor(RequestCode.PULL_MESSAGE, pull, pullExecutor);
        server.registerProcessor(RequestCode.LITE_PULL_MESSAGE, pull, pullExecutor);

        RequestProcessor clientManage = RequestProcessor.sync(new ClientManageProcessor(services));
        for (int code : new int[] {RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT,
                RequestCode.GET_CONSUMER_LIST_BY_GROUP, RequestCode.CHECK_CLIENT_CONFIG}) {
            server.registerProcessor(code, clientManage, clients);
        }
        RequestProcessor offsetProcessor = RequestProcessor.sync(new ConsumerOffsetProcessor(services));
        for (int code : new int[] {RequestCode.QUERY_CONSUMER_OFFSET, RequestCode.UPDATE_CONSUMER_OFFSET,
                RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.GET_EARLIEST_MSG_STORETIME,
                RequestCode.SEARCH_OFFSET_BY_TIMESTAMP}) {
            server.registerProcessor(code, offsetProcessor, offsets);
        }
        RequestProcessor locks = RequestProcessor.sync(new QueueLockProcessor(services));
        server.registerProcessor(RequestCode.LOCK_BATCH_MQ, locks, clients);
        server.registerProcessor(RequestCode.UNLOCK_BATCH_MQ, locks, clients);

        RequestProcessor query = RequestProcessor.sync(new QueryMessageProcessor(services));
        server.registerProcessor(RequestCode.QUERY_MESSAGE, query, admin);
        server.registerProcessor(RequestCode.VIEW_MESSAGE_BY_ID, query, admin);

        server.registerProcessor(RequestCode.PROMOTE_SLAVE_TO_MASTER, RequestProcessor.sync(
                new SlavePromotionProcessor(services, this::registeredMasterNow, this::promote)), admin);

        RequestProcessor topicAdmin = RequestProcessor.sync(new TopicAdminProcessor(services));
        for (int code : new int[] {RequestCode.UPDATE_AND_CREATE_TOPIC, RequestCode.UPDATE_AND_CREATE_TOPIC_LIST,
                RequestCode.GET_ALL_TOPIC_CONFIG, RequestCode.GET_TOPIC_CONFIG, RequestCode.DELETE_TOPIC_IN_BROKER}) {
            server.registerProcessor(code, topicAdmin, admin);
        }

        BrokerRuntimeStats runtimeStats = new BrokerRuntimeStats(services.stats(), clock, ZoneId.systemDefault());
        runtimeStats.start(scheduler);
        ConsumeRates consumeRates = new ConsumeRates(services.offsets(), clock);
        consumeRates.start(scheduler);
        RequestProcessor brokerInfo = RequestProcessor.sync(new BrokerInfoProcessor(services, runtimeStats,
                Map.of("send", queueSize(send), "pull", queueSize(pullExecutor), "query", queueSize(admin))));
        for (int code : new int[] {RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.GET_BROKER_CONFIG,
                RequestCode.UPDATE_BROKER_CONFIG, RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER}) {
            server.registerProcessor(code, brokerInfo, admin);
        }
        RequestProcessor queueStats = RequestProcessor.sync(new QueueStatsProcessor(services, consumeRates));
        for (int code : new int[] {RequestCode.GET_TOPIC_STATS_INFO, RequestCode.GET_CONSUME_STATS,
                RequestCode.QUERY_CONSUME_TIME_SPAN}) {
            server.registerProcessor(code, queueStats, admin);
        }
        RequestProcessor consumerAdmin = RequestProcessor.sync(new ConsumerAdminProcessor(services, () -> schedule.offsets()));
        for (int code : new int[] {RequestCode.GET_CONSUMER_CONNECTION_LIST, RequestCode.GET_PRODUCER_CONNECTION_LIST,
                RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, RequestCode.QUERY_TOPICS_BY_CONSUMER,
                RequestCode.QUERY_SUBSCRIPTION_BY_CONSUMER, RequestCode.GET_ALL_CONSUMER_OFFSET,
                RequestCode.GET_ALL_DELAY_OFFSET, RequestCode.GET_ALL_PRODUCER_INFO,
                ConsumerAdminProcessor.GET_ALL_MESSAGE_REQUEST_MODE}) {
            server.registerProcessor(code, consumerAdmin, admin);
        }
        RequestProcessor subscriptionGroups = RequestProcessor.sync(new SubscriptionGroupProcessor(services));
        for (int code : new int[] {RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
                RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG,
                RequestCode.DELETE_SUBSCRIPTIONGROUP}) {
            server.registerProcessor(code, subscriptionGroups, admin);
        }
        server.registerProcessor(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, RequestProcessor.sync(
                new OffsetResetProcessor(services, (channel, command) -> server.invokeOneway(channel, command))),
                admin);
        server.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO,
                new ConsumerRunningInfoProcessor(services, server::invoke), admin);
    }

    private static IntSupplier queueSize(ExecutorService executor) {
        return executor instanceof ThreadPoolExecutor pool ? () -> pool.getQueue().size() : () -> 0;
    }

    private void persistOffsets() {
        try {
            services.offsets().persist();
        } catch (RuntimeException e) {
            log.warn("cannot persist consumer offsets", e);
        }
    }

    private void evictSilentClients() {
        services.consumers().evictSilent(config.channelExpiredTimeout());
        services.producers().evictSilent(clock.millis(), config.channelExpiredTimeout());
    }

    public BrokerServices services() {
        return services;
    }

    public InetSocketAddress boundAddress() {
        return bound;
    }

    public String brokerAddr() {
        return services.brokerAddr();
    }

    /** Unregisters first (so clients stop routing here), then stops serving, then closes the store cleanly. */
    @Override
    public void close() {
        if (registrar != null) {
            registrar.unregisterAll();
        }
        if (services != null) {
            services.replication().close();
        }
        if (schedule != null) {
            schedule.close();
            timers.close();
        }
        if (transactionChecks != null) {
            transactionChecks.close();
        }
        scheduler.shutdownNow();
        if (services != null) {
            services.longPolling().releaseAll();
        }
        server.shutdown(Duration.ofSeconds(3));
        executors.forEach(ExecutorService::shutdown);
        for (ExecutorService executor : executors) {
            try {
                executor.awaitTermination(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (services != null) {
            persistOffsets();
        }
        if (store != null) {
            store.shutdown();
        }
        client.close();
    }

    private ExecutorService pool(String name, int threads, int queueCapacity) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), threads("broker-" + name));
        executors.add(executor);
        return executor;
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
