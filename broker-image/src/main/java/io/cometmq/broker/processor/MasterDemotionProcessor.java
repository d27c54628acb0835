package io.cometmq.broker.processor;

import io.cometmq.broker.RoleState;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.PromotionHeaders;
import io.cometmq.protocol.header.PromotionHeaders.DemoteMasterToSlave;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;

/**
 * DEMOTE_MASTER_TO_SLAVE (CometMQ extension, 30002): the operator ends this master's mastership under a newer
 * controller epoch (a switchover, or a master that claims an outdated epoch). The broker stops writing at once,
 * answers its commit-log end at that moment ({@link PromotionHeaders#LOG_END_OFFSET}: the offset the next master
 * must reach before it is promoted) and follows the next master. Refused with an epoch that is not higher than the
 * master's own; a slave accepts any epoch (idempotent) and records it if higher.
 */
public final class MasterDemotionProcessor implements RequestProcessor.SyncRequestProcessor {

    private final RoleState role;
    private final String brokerAddr;
    private final Demotion demote;

    /** Demotes under a controller epoch; returns the commit-log end when writes stopped. */
    @FunctionalInterface
    public interface Demotion {
        long demote(int controllerEpoch);
    }

    public MasterDemotionProcessor(RoleState role, String brokerAddr, Demotion demote) {
        this.role = role;
        this.brokerAddr = brokerAddr;
        this.demote = demote;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        int epoch = DemoteMasterToSlave.decode(request).epoch();
        if (!role.managed()) {
            return RemotingCommand.responseTo(request, ResponseCode.ILLEGAL_OPERATION, "demotion refused: broker "
                    + brokerAddr + " is not managed (no roleFile), so it has no controller epoch to compare");
        }
        boolean wasMaster = role.isMaster();
        int own = role.controllerEpoch();
        if (wasMaster && epoch <= own) {
            return RemotingCommand.responseTo(request, ResponseCode.ILLEGAL_OPERATION, "demotion refused: epoch "
                    + epoch + " is not higher than the controller epoch " + own + " broker " + brokerAddr
                    + " is master under");
        }
        long logEnd = demote.demote(epoch);
        String remark = wasMaster ? "demoted to slave under controller epoch " + epoch + "; writes stopped at "
                + "commit-log offset " + logEnd : "already a slave (controller epoch " + role.controllerEpoch() + ")";
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, remark)
                .putField(PromotionHeaders.LOG_END_OFFSET, logEnd);
    }
}
