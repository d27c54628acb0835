package io.cometmq.broker.ha;

import io.cometmq.broker.BrokerRole;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master/slave replication of one broker: a master serves its log on the HA port and, as SYNC_MASTER, holds
 * acknowledgements until a slave has the bytes; a slave fetches the master's log. Promotion turns the slave side
 * off and the master side on.
 */
public final class ReplicationService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicationService.class);
    /** A slave further behind than this is not "in sync": SYNC_MASTER sends do not wait for it. */
    static final long MAX_GAP_IN_SYNC = 256L * 1024 * 1024;
    private static final long DEMOTION_DRAIN_MILLIS = 3_000;

    private final MessageStore store;
    private final RoleState role;
    private final EpochHistory epochs;
    private final SyncReplicaWaiter waiter;
    private final String haHost;
    private final int haPort;
    private final long segmentSize;
    private final long slaveTimeoutMillis;
    private final Clock clock;
    private final HaSecurity security;
    private volatile ReplicaServer server;
    private volatile ReplicaFetcher fetcher;
    private volatile int boundHaPort;

    public ReplicationService(MessageStore store, RoleState role, Path configDir, ScheduledExecutorService timer,
            String haHost, int haPort, long segmentSize, long slaveTimeoutMillis, Clock clock, HaSecurity security) {
        this.store = store;
        this.security = security;
        this.role = role;
        this.epochs = new EpochHistory(configDir.resolve("epochs.json"));
        this.waiter = new SyncReplicaWaiter(timer);
        this.haHost = haHost;
        this.haPort = haPort;
        this.segmentSize = segmentSize;
        this.slaveTimeoutMillis = slaveTimeoutMillis;
        this.clock = clock;
    }

    /** Starts the side the current role needs; a slave follows {@code staticMasterHaAddr} until told otherwise. */
    public void start(String staticMasterHaAddr) {
        if (role.isMaster()) {
            startMasterSide();
        } else {
            fetcher = new ReplicaFetcher(store, epochs,
                    staticMasterHaAddr == null || staticMasterHaAddr.isBlank() ? null : staticMasterHaAddr, clock,
                    security);
            fetcher.start();
        }
    }

    private void startMasterSide() {
        EpochHistory.Epoch epoch = epochs.startNewEpoch(store.commitLogMaxOffset());
        server = new ReplicaServer(store, segmentSize, epochs, waiter, clock, security);
        try {
            boundHaPort = server.start(haHost, haPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HA port " + haHost + ":" + haPort, e);
        }
        log.info("serving replication on {}:{} (epoch {} from offset {})", haHost, boundHaPort, epoch.epoch(),
                epoch.startOffset());
    }

    /** The HA port actually bound (masters), for registration; the configured one for slaves. */
    public int haPort() {
        return boundHaPort != 0 ? boundHaPort : haPort;
    }

    /** Tells a slave where its master's HA port is (from the NameServer's registration answer). */
    public void masterChanged(String haAddr) {
        ReplicaFetcher current = fetcher;
        if (current != null) {
            current.masterChanged(haAddr);
        }
    }

    /** Wakes transfers to slaves after an append. */
    public void onAppended() {
        ReplicaServer current = server;
        if (current != null) {
            current.onAppended();
        }
    }

    /**
     * The replication verdict for a stored message ending at {@code endOffset}: immediate for ASYNC_MASTER or when
     * the producer asked not to wait; for SYNC_MASTER, OK once a slave has it, FLUSH_SLAVE_TIMEOUT if none
     * confirms in time, SLAVE_NOT_AVAILABLE when no slave is connected and close enough to wait for.
     */
    public CompletableFuture<PutStatus> confirm(long endOffset, boolean waitStoreMsgOk) {
        if (role.role() != BrokerRole.SYNC_MASTER || !waitStoreMsgOk) {
            return CompletableFuture.completedFuture(PutStatus.OK);
        }
        ReplicaServer current = server;
        if (current == null || current.slaveCount() == 0 || endOffset - waiter.ackedOffset() > MAX_GAP_IN_SYNC) {
            return CompletableFuture.completedFuture(PutStatus.SLAVE_NOT_AVAILABLE);
        }
        current.onAppended();
        return waiter.await(endOffset, slaveTimeoutMillis)
                .thenApply(confirmed -> confirmed ? PutStatus.OK : PutStatus.FLUSH_SLAVE_TIMEOUT);
    }

    /** Facts for runtime info: connected slaves and lag (master), or replication progress (slave). */
    public Map<String, String> runtimeInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        long logEnd = store.commitLogMaxOffset();
        ReplicaServer current = server;
        if (current != null) {
            long slowest = current.slowestSlaveOffset();
            info.put("haSlaveCount", Integer.toString(current.slaveCount()));
            info.put("haReplicationLagBytes", Long.toString(slowest < 0 ? 0 : Math.max(0, logEnd - slowest)));
            info.put("haReplicationLagMillis", Long.toString(lagMillis(slowest, logEnd)));
            info.put("haAckedOffset", Long.toString(waiter.ackedOffset()));
        }
        ReplicaFetcher slave = fetcher;
        if (slave != null) {
            long masterMax = slave.masterMaxOffset();
            info.put("haMasterConnected", Boolean.toString(slave.isConnected()));
            info.put("haMasterMaxOffset", Long.toString(masterMax));
            info.put("haReplicationLagBytes", Long.toString(masterMax < 0 ? -1 : Math.max(0, masterMax - logEnd)));
            info.put("haLastContactMillisAgo", slave.lastContactMillis() == 0 ? "-1"
                    : Long.toString(clock.millis() - slave.lastContactMillis()));
        }
        info.put("haEpoch", Integer.toString(epochs.epochOfLogEnd(Long.MAX_VALUE)));
        return info;
    }

    /**
     * On a master, each connected slave's replication lag by its address: commit-log bytes it has not confirmed,
     * and how long the oldest of them has been waiting (0 when caught up). Empty on a slave.
     */
    public Map<String, SlaveLag> slaveLags() {
        ReplicaServer current = server;
        if (current == null) {
            return Map.of();
        }
        long logEnd = store.commitLogMaxOffset();
        Map<String, SlaveLag> lags = new LinkedHashMap<>();
        current.slaveOffsets().forEach((address, acked) ->
                lags.put(address, new SlaveLag(Math.max(0, logEnd - acked), lagMillis(acked, logEnd))));
        return lags;
    }

    /** One slave's lag behind its master. */
    public record SlaveLag(long bytes, long millis) {
    }

    /** Slaves connected to this master's HA port; 0 on a slave. */
    public int connectedSlaves() {
        ReplicaServer current = server;
        return current == null ? 0 : current.slaveCount();
    }

    /** How long the oldest message a slave does not have yet has been waiting (0 when the slaves are caught up). */
    private long lagMillis(long slowestSlaveOffset, long logEnd) {
        if (slowestSlaveOffset < 0 || slowestSlaveOffset >= logEnd) {
            return 0;
        }
        return store.lookMessageByOffset(slowestSlaveOffset)
                .map(message -> Math.max(0, clock.millis() - message.storeTimestamp()))
                .orElse(0L);
    }

    /** The slave's view of its master: connected now, and the master's log end at the last contact. */
    public ReplicaFetcher fetcher() {
        return fetcher;
    }

    /**
     * Turns this slave into its group's master: stops fetching, waits until every replicated byte is in the consume
     * queues, begins a new epoch and starts serving replication. The caller has checked it is safe.
     */
    public synchronized void promote(BrokerRole newRole, int controllerEpoch) {
        ReplicaFetcher slave = fetcher;
        if (slave != null) {
            slave.close();
            fetcher = null;
        }
        store.prepareForWrites();
        role.becomeMaster(newRole, controllerEpoch);
        startMasterSide();
    }

    /**
     * Turns this master's replication into a slave's (the role already says SLAVE, so nothing is appended as master
     * any more): stops serving slaves, fails every SYNC send still waiting for one (it is not acknowledged), and
     * fetches from {@code masterHaAddr} (null: from the master the NameServers report next). The log-epoch
     * handshake with the new master truncates whatever this broker took alone.
     *
     * @return the commit-log end when writing stopped, before any truncation
     */
    public synchronized long demote(String masterHaAddr) {
        if (role.isMaster()) {
            throw new IllegalStateException("demote replication only after the role became SLAVE");
        }
        long logEnd = store.commitLogMaxOffset();
        ReplicaServer current = server;
        server = null;
        if (current != null) {
            drain(current, logEnd);
            current.close();
        }
        waiter.failAll();
        if (fetcher == null) {
            fetcher = new ReplicaFetcher(store, epochs, masterHaAddr == null || masterHaAddr.isBlank() ? null
                    : masterHaAddr, clock, security);
            fetcher.start();
        }
        log.info("replication demoted at log end {}; following {}", logEnd,
                masterHaAddr == null ? "the master the NameServers report" : masterHaAddr);
        return logEnd;
    }

    /**
     * Lets connected slaves fetch the tail before the HA port closes, so the next master (usually one of them) can
     * reach {@code logEnd} without this broker serving it any more.
     */
    private void drain(ReplicaServer current, long logEnd) {
        try {
            if (!current.awaitSlavesReach(logEnd, DEMOTION_DRAIN_MILLIS)) {
                log.warn("demotion: a slave did not reach log end {} within {} ms", logEnd, DEMOTION_DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The local commit-log end. */
    public long logEnd() {
        return store.commitLogMaxOffset();
    }

    @Override
    public void close() {
        if (fetcher != null) {
            fetcher.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
