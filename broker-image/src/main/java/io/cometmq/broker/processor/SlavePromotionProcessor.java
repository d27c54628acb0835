package io.cometmq.broker.processor;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.broker.BrokerRole;
import io.cometmq.broker.RoleState;
import io.cometmq.broker.ha.ReplicaFetcher;
import io.cometmq.broker.ha.ReplicationService;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.PromotionHeaders.PromoteSlaveToMaster;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.function.Supplier;

/**
 * PROMOTE_SLAVE_TO_MASTER (CometMQ extension): makes this slave the master of its group, but only when that loses
 * nothing: the old master must be gone (no replication connection, no master registered with the NameServers) and
 * this slave must hold everything the master last said it had. {@code force=true} skips the second check.
 *
 * <p>The operator (managed mode) also passes the controller epoch of its decision, which must be higher than the
 * one this broker knows, and {@code minOffset}, the offset it requires (for SYNC, the last offset it saw confirmed by
 * the slaves): a slave whose log is shorter is refused. A given {@code minOffset} replaces the check against what
 * the slave last heard from its master, which cannot tell a frozen slave from a current one, and which a SYNC slave
 * fails whenever the master had appended a tail nobody acknowledged.
 */
public final class SlavePromotionProcessor implements RequestProcessor.SyncRequestProcessor {

    private final BrokerConfig config;
    private final MessageStore store;
    private final RoleState role;
    private final ReplicationService replication;
    private final String brokerAddr;
    private final Supplier<String> registeredMaster;
    private final Promotion promote;

    /** Performs the promotion under a controller epoch. */
    @FunctionalInterface
    public interface Promotion {
        void promote(BrokerRole role, int controllerEpoch);
    }

    /**
     * @param registeredMaster re-registers and returns the master the NameServers now know, or null
     * @param promote          performs the promotion
     */
    public SlavePromotionProcessor(BrokerConfig config, MessageStore store, RoleState role,
            ReplicationService replication, String brokerAddr, Supplier<String> registeredMaster,
            Promotion promote) {
        this.config = config;
        this.store = store;
        this.role = role;
        this.replication = replication;
        this.brokerAddr = brokerAddr;
        this.registeredMaster = registeredMaster;
        this.promote = promote;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        PromoteSlaveToMaster header = PromoteSlaveToMaster.decode(request);
        BrokerRole newRole = parseRole(header.role());
        boolean force = header.force();
        if (role.isMaster()) {
            return refuse(request, "broker " + brokerAddr + " is already a master ("
                    + role.role() + ")");
        }
        if (header.epoch() != 0 && header.epoch() <= role.controllerEpoch()) {
            return refuse(request, "controller epoch " + header.epoch() + " is not higher than the epoch "
                    + role.controllerEpoch() + " this broker knows (a newer decision exists)");
        }
        long logEnd = store.commitLogMaxOffset();
        if (header.minOffset() >= 0 && logEnd < header.minOffset()) {
            return refuse(request, "the local commit log ends at " + logEnd + ", below minOffset "
                    + header.minOffset() + " (" + (header.minOffset() - logEnd) + " bytes missing)");
        }
        ReplicaFetcher fetcher = replication.fetcher();
        if (fetcher != null && fetcher.isConnected()) {
            return refuse(request, "the master is still alive: this slave is connected to it for replication");
        }
        String master = registeredMaster.get();
        if (master != null) {
            return refuse(request, "the master " + master + " is still registered with the NameServers");
        }
        long local = store.commitLogMaxOffset();
        long masterEnd = fetcher == null ? -1 : fetcher.masterMaxOffset();
        boolean judgedByCaller = header.minOffset() >= 0;
        if (!force && !judgedByCaller && masterEnd < 0) {
            return refuse(request, "this slave never replicated from a master, so it cannot know it is caught up; "
                    + "use force=true to promote anyway");
        }
        if (!force && !judgedByCaller && local < masterEnd) {
            return refuse(request, "this slave is behind: it has the log up to " + local + " but the master last "
                    + "reported " + masterEnd + " (" + (masterEnd - local) + " bytes missing); use force=true to "
                    + "promote anyway and lose them");
        }
        int epoch = header.epoch() != 0 ? header.epoch() : role.managed() ? role.controllerEpoch() + 1
                : role.controllerEpoch();
        promote.promote(newRole, epoch);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, "promoted to " + newRole + " of "
                + config.brokerName() + " at commit-log offset " + local
                + (epoch == 0 ? "" : " under controller epoch " + epoch));
    }

    private static BrokerRole parseRole(String text) {
        try {
            BrokerRole role = BrokerRole.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
            if (role.isMaster()) {
                return role;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("header field 'role' must be ASYNC_MASTER or SYNC_MASTER, was '" + text
                + "'");
    }

    private static RemotingCommand refuse(RemotingCommand request, String why) {
        return RemotingCommand.responseTo(request, ResponseCode.ILLEGAL_OPERATION, "promotion refused: " + why);
    }
}
