package io.cometmq.broker.registry;

import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.RegisterBrokerBody;
import io.cometmq.protocol.body.RegisterBrokerBodyCodec;
import io.cometmq.protocol.body.TopicConfig;
import io.cometmq.protocol.body.TopicConfigSerializeWrapper;
import io.cometmq.protocol.header.ControllerEpochFields;
import io.cometmq.protocol.header.ExtFields;
import io.cometmq.protocol.header.NameServerHeaders.RegisterBrokerResponse;
import io.cometmq.protocol.header.RegisterBrokerRequestHeader;
import io.cometmq.protocol.header.UnregisterBrokerRequestHeader;
import io.cometmq.protocol.netty.RemotingClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker registered with every NameServer: at start, every {@code registerNameServerPeriod}, and right
 * after its topics change. A slave learns its master's addresses from the answers.
 *
 * <p>After topics are created or updated only those topics are sent, with the table's new version (as Apache's
 * {@code registerIncrementBrokerData}): NameServers add queue data and drop none, so the increment is enough, and
 * creating N topics one by one costs O(N) in bytes sent, not O(N²). Deletions and wholesale replacements send all.
 *
 * <p>A managed broker (its identity has a controller epoch) sends the epoch with every registration and, while it
 * is master, a lease heartbeat (BROKER_HEARTBEAT with the epoch) to every NameServer between registrations; each
 * successful answer goes to the {@link #onAnswer} listener, which confirms the master lease or demotes the broker.
 */
public final class NameServerRegistrar {

    private static final Logger log = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final long REGISTER_TIMEOUT_MILLIS = 6_000;

    /**
     * Who this broker is, as the NameServers should see it.
     *
     * @param controllerEpoch the epoch it holds its role under (managed), null when unmanaged (no epoch is sent)
     */
    public record Identity(String clusterName, String brokerName, long brokerId, String brokerAddr,
            String haServerAddr, long heartbeatTimeoutMillis, Integer controllerEpoch) {

        public Identity(String clusterName, String brokerName, long brokerId, String brokerAddr,
                String haServerAddr, long heartbeatTimeoutMillis) {
            this(clusterName, brokerName, brokerId, brokerAddr, haServerAddr, heartbeatTimeoutMillis, null);
        }
    }

    /**
     * A NameServer's SUCCESS answer to a managed broker's registration or lease heartbeat.
     *
     * @param sentAs       the identity the request was sent with
     * @param sentAtMillis when the request was sent (what a lease confirmation counts from)
     * @param masterEpoch  the highest master epoch of the group the NameServer knows, or null
     * @param refused      the NameServer refused this broker the master slot (its epoch is lower)
     */
    public record Answer(Identity sentAs, long sentAtMillis, String masterAddr, String masterHaAddr,
            Integer masterEpoch, boolean refused) {
    }

    private final List<String> nameServers;
    private final RemotingClient client;
    private final TopicConfigManager topics;
    private volatile Identity identity;
    private volatile BiConsumer<String, String> masterListener = (addr, ha) -> { };
    private volatile Consumer<Answer> answerListener = answer -> { };
    private volatile Clock clock = Clock.systemUTC();
    private volatile String lastMasterAddr;
    private volatile String currentMasterAddr;
    private volatile BooleanSupplier replicating = () -> true;
    private volatile String externalAddr;

    public NameServerRegistrar(List<String> nameServers, RemotingClient client, TopicConfigManager topics,
            Identity identity) {
        this.nameServers = List.copyOf(nameServers);
        this.client = client;
        this.topics = topics;
        this.identity = identity;
    }

    /** Told the master's {@code (brokerAddr, haServerAddr)} whenever a NameServer reports a different one. */
    public void onMasterAddress(BiConsumer<String, String> listener) {
        this.masterListener = listener;
    }

    /** Told every SUCCESS answer to a managed registration or heartbeat; {@code clock} times the requests. */
    public void onAnswer(Clock clock, Consumer<Answer> listener) {
        this.clock = clock;
        this.answerListener = listener;
    }

    /**
     * Registers once, waiting up to {@code firstTimeoutMillis} so clients can find the broker as soon as start-up
     * returns, then keeps re-registering every {@code periodMillis}.
     */
    public void start(ScheduledExecutorService scheduler, long periodMillis, long firstTimeoutMillis) {
        // Wait for the NameServers to know a new topic before the caller goes on: a consumer told to rebalance
        // right after its group's retry topic was created must find that topic's route.
        topics.addListener((updated, version) -> {
            try {
                (updated == null ? registerAll() : registerTopics(updated, version))
                        .get(REGISTER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("registration after a topic change still running: {}", e.toString());
            }
        });
        try {
            registerAll().get(firstTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("first registration did not complete within {} ms; retrying every {} ms", firstTimeoutMillis,
                    periodMillis);
        }
        scheduler.scheduleAtFixedRate(this::registerAll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** How a slave tells whether its replication connection is up (managed brokers register again while not). */
    public void replicatingWhen(BooleanSupplier connected) {
        this.replicating = connected;
    }

    /**
     * Managed brokers, every {@code periodMillis}: a master sends a lease heartbeat round; a slave that knows no live
     * master, or whose replication connection is down, registers again, so that after a failover it finds the new
     * master within seconds, not at the next periodic registration (the answer names the master).
     */
    public void startLeaseHeartbeats(ScheduledExecutorService scheduler, long periodMillis) {
        // fixed delay, not rate: a JVM thawed after a freeze sends one round, not every round it missed
        scheduler.scheduleWithFixedDelay(() -> {
            Identity me = identity;
            if (me.controllerEpoch() == null) {
                return;
            }
            if (me.brokerId() == 0) {
                heartbeatAll();
            } else if (currentMasterAddr == null || !replicating.getAsBoolean()) {
                registerAll();
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * One lease heartbeat to every NameServer. A NameServer that does not know this broker as it claims (it expired
     * it, or restarted) answers an error, and a full registration follows.
     */
    public CompletableFuture<Void> heartbeatAll() {
        Identity me = identity;
        long sentAt = clock.millis();
        Map<String, String> fields = Map.of("brokerAddr", me.brokerAddr(), "brokerName",
                me.brokerName(), "clusterName", me.clusterName(), "brokerId", Long.toString(me.brokerId()),
                ControllerEpochFields.EPOCH, Integer.toString(me.controllerEpoch()));
        CompletableFuture<?>[] calls = nameServers.stream().map(nameServer -> client.invokeAsync(nameServer,
                RemotingCommand.request(RequestCode.BROKER_HEARTBEAT, fields), REGISTER_TIMEOUT_MILLIS)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        log.warn("lease heartbeat to NameServer {} failed: {}", nameServer, failure.getMessage());
                    } else if (response.code() == ResponseCode.SUCCESS) {
                        answered(me, sentAt, response);
                    } else {
                        log.info("NameServer {} answered the lease heartbeat with {} {}; registering again",
                                nameServer, response.code(), response.remark());
                        registerAll();
                    }
                })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(calls).exceptionally(e -> null);
    }

    private void answered(Identity sentAs, long sentAt, RemotingCommand response) {
        if (sentAs.controllerEpoch() == null) {
            return;
        }
        ExtFields fields = ExtFields.of(response);
        String epoch = fields.optional(ControllerEpochFields.MASTER_EPOCH);
        RegisterBrokerResponse master = RegisterBrokerResponse.decode(response);
        answerListener.accept(new Answer(sentAs, sentAt, master.masterAddr(), master.haServerAddr(),
                epoch == null || epoch.isBlank() ? null : Integer.valueOf(epoch.trim()),
                fields.optionalBoolean(ControllerEpochFields.MASTER_REFUSED, false)));
    }

    /** Forgets the last reported master, so the next report reaches the master listener even if unchanged. */
    public void forgetMaster() {
        lastMasterAddr = null;
    }

    /** Changes who we are (promotion of a slave) and registers at once under the new identity. */
    public void changeIdentity(Identity newIdentity) {
        this.identity = newIdentity;
        registerAll();
    }

    public Identity identity() {
        return identity;
    }

    /**
     * Sets where clients outside reach this broker (null: nowhere), sent with every registration as
     * {@code brokerExternalAddr}. Before {@link #start} it only sets it; after, a change registers at once.
     */
    public void externalAddress(String address, boolean registerNow) {
        String previous = externalAddr;
        externalAddr = address;
        if (registerNow && !java.util.Objects.equals(previous, address)) {
            log.info("registering again with external address {}", address == null ? "none" : address);
            registerAll();
        }
    }

    public String externalAddress() {
        return externalAddr;
    }

    /** Registers with every NameServer in parallel; failures are logged and retried next period. */
    public CompletableFuture<Void> registerAll() {
        return register(() -> TopicConfigSerializeWrapper.of(topics.all(), topics.dataVersion()));
    }

    /** Registers with only {@code updated} topics and the version after their change. */
    private CompletableFuture<Void> registerTopics(Map<String, TopicConfig> updated, DataVersion version) {
        return register(() -> TopicConfigSerializeWrapper.of(updated, version));
    }

    private CompletableFuture<Void> register(Supplier<TopicConfigSerializeWrapper> topicsToSend) {
        if (nameServers.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Identity me = identity;
        long sentAt = clock.millis();
        byte[] body = RegisterBrokerBodyCodec.encode(new RegisterBrokerBody(topicsToSend.get(), List.of()));
        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader(me.brokerName(), me.brokerAddr(),
                me.clusterName(), me.haServerAddr(), me.brokerId(), me.heartbeatTimeoutMillis(), false, false,
                RegisterBrokerBodyCodec.crc32(body), externalAddr);
        Map<String, String> fields = new java.util.LinkedHashMap<>(header.encode());
        if (me.controllerEpoch() != null) {
            fields.put(ControllerEpochFields.EPOCH, Integer.toString(me.controllerEpoch()));
        }
        CompletableFuture<?>[] calls = nameServers.stream().map(nameServer -> client.invokeAsync(nameServer,
                RemotingCommand.request(RequestCode.REGISTER_BROKER, fields).body(body),
                REGISTER_TIMEOUT_MILLIS).whenComplete((response, failure) -> {
                    if (failure != null) {
                        log.warn("cannot register with NameServer {}: {}", nameServer, failure.getMessage());
                    } else if (response.code() != ResponseCode.SUCCESS) {
                        log.warn("NameServer {} refused registration: code {} {}", nameServer, response.code(),
                                response.remark());
                    } else {
                        RegisterBrokerResponse answer = RegisterBrokerResponse.decode(response);
                        masterReported(answer.masterAddr(), answer.haServerAddr());
                        answered(me, sentAt, response);
                    }
                })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(calls).exceptionally(e -> null);
    }

    private void masterReported(String masterAddr, String haAddr) {
        currentMasterAddr = masterAddr;
        if (masterAddr != null && !masterAddr.equals(lastMasterAddr)) {
            lastMasterAddr = masterAddr;
            log.info("master of {} is {} (HA {})", identity.brokerName(), masterAddr, haAddr);
            masterListener.accept(masterAddr, haAddr);
        }
    }

    /** The last master address a NameServer reported (kept after the master goes away). */
    public String masterAddr() {
        return lastMasterAddr;
    }

    /** The master as the latest registration answer reported it: null when no master is registered now. */
    public String currentMasterAddr() {
        return identity.brokerId() == 0 ? null : currentMasterAddr;
    }

    /** Says goodbye to every NameServer, waiting up to 3 s for each (shutdown). */
    public void unregisterAll() {
        Identity me = identity;
        RemotingCommand template = RemotingCommand.request(RequestCode.UNREGISTER_BROKER,
                new UnregisterBrokerRequestHeader(me.brokerName(), me.brokerAddr(), me.clusterName(), me.brokerId())
                        .encode());
        CompletableFuture<?>[] calls = nameServers.stream().map(nameServer -> client.invokeAsync(nameServer,
                RemotingCommand.request(RequestCode.UNREGISTER_BROKER, template.extFields()), 3000)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        log.warn("cannot unregister from NameServer {}: {}", nameServer, failure.getMessage());
                    } else {
                        log.info("unregistered from NameServer {}", nameServer);
                    }
                })).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(calls).get(4, TimeUnit.SECONDS);
        } catch (Exception e) {
            // logged per NameServer above
        }
    }
}
