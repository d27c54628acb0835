package io.cometmq.broker;

import io.cometmq.broker.ha.ReplicaFetcher;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.ha.SlaveMetadataSync;
import io.cometmq.broker.registry.NameServerRegistrar;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns this broker's master/slave role and every change to it. A master runs its {@link MasterDuties}; a slave
 * follows the master the NameServers report (replication connects to its HA address) and copies its metadata;
 * {@link #promote} turns a slave into its group's master and re-registers it under broker id 0.
 *
 * <p>Managed mode (a role file): registrations carry the controller epoch, answers that accept the mastership
 * confirm the master lease, and an answer saying a master with a higher epoch exists (or refusing the master slot)
 * makes this broker {@link #demote} itself, in process: it stops writing, follows the new master (whose log-epoch
 * handshake truncates what this broker took alone) and registers again as a slave.
 */
final class RoleController {

    private static final Logger log = LoggerFactory.getLogger(RoleController.class);

    private final BrokerConfig config;
    private final RoleState role;
    private final ReplicationService replication;
    private final MasterDuties masterDuties;
    private final String brokerAddr;
    private final Clock clock;
    /** Attached once replication has bound the HA port, which registration announces. */
    private volatile NameServerRegistrar registrar;
    private ScheduledExecutorService scheduler;
    private Supplier<SlaveMetadataSync> slaveSyncs;
    private SlaveMetadataSync metadataSync;
    private final List<ScheduledFuture<?>> slaveTasks = new ArrayList<>();

    RoleController(BrokerConfig config, RoleState role, ReplicationService replication, MasterDuties masterDuties,
            String brokerAddr, Clock clock) {
        this.config = config;
        this.role = role;
        this.replication = replication;
        this.masterDuties = masterDuties;
        this.brokerAddr = brokerAddr;
        this.clock = clock;
    }

    /** Who we are for the NameServers: changes when a slave is promoted or (managed) a master demoted. */
    NameServerRegistrar.Identity identity() {
        String haAddr = config.brokerIP2() + ":" + replication.haPort();
        return new NameServerRegistrar.Identity(config.brokerClusterName(), config.brokerName(), role.brokerId(),
                brokerAddr, haAddr, config.brokerNotActiveTimeoutMillis(),
                role.managed() ? role.controllerEpoch() : null);
    }

    /**
     * Follows the master {@code registrar} reports: a slave's replication connects to its HA address. Managed:
     * also judges every answer (lease confirmation or demotion).
     */
    void follow(NameServerRegistrar registrar) {
        this.registrar = registrar;
        registrar.onMasterAddress((masterAddr, haAddr) -> replication.masterChanged(haAddr));
        if (role.managed()) {
            registrar.onAnswer(clock, this::answered);
            registrar.replicatingWhen(() -> {
                ReplicaFetcher fetcher = replication.fetcher();
                return fetcher != null && fetcher.isConnected();
            });
        }
    }

    /**
     * Starts what the configured role runs: a master's duties, or a slave's copying of metadata from its master
     * ({@code slaveSyncs} makes a fresh copier each time this broker becomes a slave).
     */
    synchronized void start(Supplier<SlaveMetadataSync> slaveSyncs, ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.slaveSyncs = slaveSyncs;
        if (role.isMaster()) {
            masterDuties.start();
        } else {
            startSlaveDuties();
        }
    }

    private void startSlaveDuties() {
        SlaveMetadataSync sync = slaveSyncs.get();
        metadataSync = sync;
        slaveTasks.add(scheduler.scheduleWithFixedDelay(sync::syncOnce, 1_000, config.slaveMetadataSyncInterval(),
                TimeUnit.MILLISECONDS));
        slaveTasks.add(scheduler.scheduleWithFixedDelay(sync::adoptReplicatedTopics, 1, 1, TimeUnit.SECONDS));
    }

    private void stopSlaveDuties() {
        slaveTasks.forEach(task -> task.cancel(false));
        slaveTasks.clear();
        if (metadataSync != null) {
            metadataSync.stop();
            metadataSync = null;
        }
    }

    /** Stops the master duties (saving their progress). */
    void close() {
        masterDuties.close();
    }

    /** Whether a master of this group is registered now (asked on slaves before pointing consumers at it). */
    boolean masterRegistered() {
        NameServerRegistrar current = registrar;
        return current != null && current.currentMasterAddr() != null;
    }

    /** Registers now and returns the master the NameServers report (null when none is registered). */
    String registeredMasterNow() {
        try {
            registrar.registerAll().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not refresh registration before promotion: {}", e.toString());
        }
        return registrar.currentMasterAddr();
    }

    /**
     * Promotes this slave to master of its group under controller {@code epoch} (the caller,
     * {@code SlavePromotionProcessor}, has made the safety checks), then re-registers under broker id 0 at once: for
     * a managed broker that registration is what first confirms its lease.
     */
    synchronized void promote(BrokerRole newRole, int epoch) {
        replication.promote(newRole, epoch);
        stopSlaveDuties();
        masterDuties.start();
        registrar.changeIdentity(identity());
        log.info("promoted to {} of {} under controller epoch {}", newRole, config.brokerName(), epoch);
    }

    /**
     * Makes this master a slave (managed mode): no write as master is in flight once the role changed; replication
     * stops serving (pending SYNC waits fail), a fetcher follows {@code masterHaAddr} (or whichever master the
     * NameServers report next), the master duties stop, slave metadata sync starts, and the broker registers again
     * with its slave id and {@code epoch}. On a slave it only records the epoch.
     *
     * @return the commit-log end when this broker stopped writing
     */
    synchronized long demote(int epoch, String masterHaAddr) {
        if (!role.isMaster()) {
            role.noteEpoch(epoch);
            return replication.logEnd();
        }
        int previous = role.controllerEpoch();
        role.becomeSlave(config.brokerId(), epoch);
        masterDuties.close(); // before the log end is taken: no delayed delivery appends after it
        long logEnd = replication.demote(masterHaAddr);
        startSlaveDuties();
        registrar.forgetMaster();
        registrar.changeIdentity(identity());
        log.warn("demoted: master of {} under controller epoch {} until now; slave (id {}) under epoch {}, log end {}"
                + " when writes stopped", config.brokerName(), previous, config.brokerId(), role.controllerEpoch(),
                logEnd);
        return logEnd;
    }

    /** A NameServer's answer to a managed registration or lease heartbeat. */
    private void answered(NameServerRegistrar.Answer answer) {
        if (!role.isMaster()) {
            if (answer.masterEpoch() != null) {
                role.noteEpoch(answer.masterEpoch());
            }
            return;
        }
        if (answer.sentAs().brokerId() != 0 || !answer.sentAs().controllerEpoch().equals(role.controllerEpoch())) {
            return; // sent under an earlier role: says nothing about this mastership
        }
        boolean deposed = answer.refused()
                || (answer.masterEpoch() != null && answer.masterEpoch() > role.controllerEpoch());
        if (!deposed) {
            role.lease().confirm(answer.sentAtMillis());
            return;
        }
        scheduler.execute(() -> demoteDeposed(answer));
    }

    private synchronized void demoteDeposed(NameServerRegistrar.Answer answer) {
        if (!role.isMaster() || role.controllerEpoch() != answer.sentAs().controllerEpoch()) {
            return; // already handled
        }
        log.warn("a NameServer {} this master of {} (controller epoch {}): the group's master epoch is {}{}; "
                + "demoting to slave", answer.refused() ? "refused" : "outranked", config.brokerName(),
                role.controllerEpoch(), answer.masterEpoch(),
                answer.masterAddr() == null ? "" : ", master " + answer.masterAddr());
        int epoch = answer.masterEpoch() == null ? role.controllerEpoch() : answer.masterEpoch();
        demote(epoch, answer.masterHaAddr());
    }
}
