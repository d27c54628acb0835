package io.cometmq.broker;

import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.ha.SlaveMetadataSync;
import io.cometmq.broker.registry.NameServerRegistrar;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns this broker's master/slave role and every change to it. A master runs its {@link MasterDuties}; a slave
 * follows the master the NameServers report (replication connects to its HA address) and copies its metadata;
 * {@link #promote} turns a slave into its group's master and re-registers it under broker id 0.
 */
final class RoleController {

    private static final Logger log = LoggerFactory.getLogger(RoleController.class);

    private final BrokerConfig config;
    private final RoleState role;
    private final ReplicationService replication;
    private final MasterDuties masterDuties;
    private final String brokerAddr;
    /** Attached once replication has bound the HA port, which registration announces. */
    private volatile NameServerRegistrar registrar;
    private SlaveMetadataSync metadataSync;

    RoleController(BrokerConfig config, RoleState role, ReplicationService replication, MasterDuties masterDuties,
            String brokerAddr) {
        this.config = config;
        this.role = role;
        this.replication = replication;
        this.masterDuties = masterDuties;
        this.brokerAddr = brokerAddr;
    }

    /** Who we are for the NameServers: changes when a slave is promoted. */
    NameServerRegistrar.Identity identity() {
        String haAddr = config.brokerIP2() + ":" + replication.haPort();
        return new NameServerRegistrar.Identity(config.brokerClusterName(), config.brokerName(), role.brokerId(),
                brokerAddr, haAddr, config.brokerNotActiveTimeoutMillis());
    }

    /** Follows the master {@code registrar} reports: a slave's replication connects to its HA address. */
    void follow(NameServerRegistrar registrar) {
        this.registrar = registrar;
        registrar.onMasterAddress((masterAddr, haAddr) -> replication.masterChanged(haAddr));
    }

    /**
     * Starts what the configured role runs: a master's duties, or a slave's copying of metadata from its master
     * ({@code slaveSync}, null on a master).
     */
    synchronized void start(SlaveMetadataSync slaveSync, ScheduledExecutorService scheduler) {
        if (role.isMaster()) {
            masterDuties.start();
            return;
        }
        metadataSync = slaveSync;
        scheduler.scheduleWithFixedDelay(slaveSync::syncOnce, 1_000, config.slaveMetadataSyncInterval(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(slaveSync::adoptReplicatedTopics, 1, 1, TimeUnit.SECONDS);
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
     * Promotes this slave to master of its group (the caller, {@code SlavePromotionProcessor}, has made the safety
     * checks), then re-registers under broker id 0.
     */
    synchronized void promote(BrokerRole newRole) {
        replication.promote(newRole);
        masterDuties.start();
        if (metadataSync != null) {
            metadataSync.stop();
        }
        registrar.changeIdentity(identity());
    }
}
