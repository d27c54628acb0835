package io.cometmq.operator.remoting;

import io.cometmq.operator.failover.FailoverGroup;
import io.cometmq.operator.failover.GroupCommands;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.PromotionHeaders;
import io.cometmq.protocol.header.PromotionHeaders.DemoteMasterToSlave;
import io.cometmq.protocol.header.PromotionHeaders.PromoteSlaveToMaster;
import io.cometmq.protocol.header.UnregisterBrokerRequestHeader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The failover controller's requests over the remoting protocol, through the operator's shared {@link RemotingAdmin}
 * (3 s per request):
 * <ul>
 *   <li>UNREGISTER_BROKER (104; brokerName, brokerAddr, clusterName, brokerId=0) to every NameServer at once;</li>
 *   <li>PROMOTE_SLAVE_TO_MASTER (30001; role, force, epoch, minOffset). With a minOffset (SYNC, switchover) the
 *       broker judges by it; without one (ASYNC) {@code force=true} accepts a slave behind what the master last
 *       said, the loss the operator reports. The checks that the old master is gone (replication connection,
 *       registration) stay either way;</li>
 *   <li>DEMOTE_MASTER_TO_SLAVE (30002; epoch), answer field {@code logEndOffset}.</li>
 * </ul>
 */
public final class RemotingGroupCommands implements GroupCommands {
    private final RemotingAdmin admin;

    public RemotingGroupCommands(RemotingAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void unregisterMaster(FailoverGroup group, String address) throws Exception {
        Map<String, String> header = new UnregisterBrokerRequestHeader(group.brokerName(), address,
                group.clusterName(), 0).encode();
        Map<String, CompletableFuture<RemotingCommand>> calls = new LinkedHashMap<>();
        for (String nameServer : group.nameServers()) {
            calls.put(nameServer, admin.callAsync(nameServer, RequestCode.UNREGISTER_BROKER, header));
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<RemotingCommand>> call : calls.entrySet()) {
            try {
                RemotingCommand response = call.getValue().get();
                if (response.code() != ResponseCode.SUCCESS) {
                    failures.add(call.getKey() + " answered code " + response.code() + remark(response));
                }
            } catch (ExecutionException e) {
                failures.add(call.getKey() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("could not unregister " + address + " as master of " + group.brokerName() + ": "
                    + String.join("; ", failures));
        }
    }

    @Override
    public void promote(String address, String masterRole, int epoch, long minOffset) throws Exception {
        RemotingCommand response = admin.call(address, RequestCode.PROMOTE_SLAVE_TO_MASTER,
                new PromoteSlaveToMaster(masterRole, minOffset < 0, epoch, minOffset).encode());
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IOException("broker " + address + " refused PROMOTE_SLAVE_TO_MASTER (code " + response.code()
                    + ")" + remark(response));
        }
    }

    @Override
    public long demote(String address, int epoch) throws Exception {
        RemotingCommand response = admin.call(address, RequestCode.DEMOTE_MASTER_TO_SLAVE,
                new DemoteMasterToSlave(epoch).encode());
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IOException("broker " + address + " refused DEMOTE_MASTER_TO_SLAVE (code " + response.code()
                    + ")" + remark(response));
        }
        String logEnd = response.field(PromotionHeaders.LOG_END_OFFSET);
        try {
            return Long.parseLong(logEnd);
        } catch (NumberFormatException e) {
            throw new IOException("broker " + address + " answered DEMOTE_MASTER_TO_SLAVE without a valid '"
                    + PromotionHeaders.LOG_END_OFFSET + "' (was '" + logEnd + "')");
        }
    }

    private static String remark(RemotingCommand response) {
        return response.remark() == null || response.remark().isBlank() ? "" : ": " + response.remark().trim();
    }
}
