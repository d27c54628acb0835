package io.cometmq.operator.remoting;

import io.cometmq.operator.model.Names;
import io.cometmq.operator.reconcile.DrainStatusUnknownException;
import io.cometmq.operator.reconcile.DrainTarget;
import io.cometmq.operator.reconcile.GroupDrainer;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.NameServerHeaders.WritePerm;
import io.cometmq.protocol.header.QueueStatsHeaders.ConsumeStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Drains a broker group with protocol requests only.
 * <ul>
 *   <li>Read-only: WIPE_WRITE_PERM_OF_BROKER (205, header {@code brokerName}) to every NameServer, so producers'
 *       next route refresh stops sending there. It is repeated on every reconcile, because a NameServer that
 *       restarted, or a broker that re-registered a changed topic table, gives the write permission back.</li>
 *   <li>Backlog: the group master's GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) lists the consumer groups; for each,
 *       GET_CONSUME_STATS (208) gives brokerOffset and consumerOffset per queue; the backlog is the sum of
 *       {@code brokerOffset - consumerOffset} over user topics (retry topics included).</li>
 * </ul>
 * A broker or NameServer that answers REQUEST_CODE_NOT_SUPPORTED makes the state unknown
 * ({@link DrainStatusUnknownException}), never zero.
 */
public final class RemotingGroupDrainer implements GroupDrainer {
    private final RemotingAdmin admin;

    public RemotingGroupDrainer(RemotingAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void makeReadOnly(DrainTarget target) throws Exception {
        List<String> nameServers = Names.splitNameServerAddress(target.nameServerAddress());
        if (nameServers.isEmpty()) {
            throw new IOException("no NameServer address to make " + target.brokerName() + " read-only on");
        }
        Map<String, String> header = new WritePerm(target.brokerName()).encode();
        Map<String, CompletableFuture<RemotingCommand>> calls = new LinkedHashMap<>();
        for (String nameServer : nameServers) {
            calls.put(nameServer, admin.callAsync(nameServer, RequestCode.WIPE_WRITE_PERM_OF_BROKER, header));
        }
        List<String> failures = new ArrayList<>();
        boolean unsupported = false;
        for (Map.Entry<String, CompletableFuture<RemotingCommand>> call : calls.entrySet()) {
            try {
                RemotingCommand response = call.getValue().get();
                if (response.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
                    unsupported = true;
                    failures.add(call.getKey() + " does not support WIPE_WRITE_PERM_OF_BROKER");
                } else if (response.code() != ResponseCode.SUCCESS) {
                    failures.add(call.getKey() + " answered code " + response.code() + remark(response));
                }
            } catch (ExecutionException e) {
                failures.add(call.getKey() + ": " + cause(e).getMessage());
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        String message = "could not make " + target.brokerName() + " read-only on every NameServer: "
                + String.join("; ", failures);
        throw unsupported ? new DrainStatusUnknownException(message) : new IOException(message);
    }

    @Override
    public long backlog(DrainTarget target) throws Exception {
        if (target.brokerAddresses().isEmpty()) {
            throw new IOException("group " + target.group() + " has no broker address");
        }
        String master = target.brokerAddresses().get(0);
        RemotingCommand groupsAnswer = admin.call(master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, null);
        check(master, "GET_ALL_SUBSCRIPTIONGROUP_CONFIG", groupsAnswer);
        Set<String> groups = ConsumeStatsBody.groupNames(groupsAnswer.body());

        Map<String, CompletableFuture<RemotingCommand>> calls = new LinkedHashMap<>();
        for (String group : groups) {
            calls.put(group, admin.callAsync(master, RequestCode.GET_CONSUME_STATS,
                    new ConsumeStats(group, null, null).encode()));
        }
        long backlog = 0;
        for (Map.Entry<String, CompletableFuture<RemotingCommand>> call : calls.entrySet()) {
            RemotingCommand answer;
            try {
                answer = call.getValue().get();
            } catch (ExecutionException e) {
                throw new IOException("GET_CONSUME_STATS for group " + call.getKey() + " on " + master + " failed: "
                        + cause(e).getMessage(), cause(e));
            }
            if (answer.code() == ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST || answer.code() == ResponseCode.TOPIC_NOT_EXIST) {
                continue; // deleted since the list was read: nothing of it is left to consume
            }
            check(master, "GET_CONSUME_STATS (group " + call.getKey() + ")", answer);
            try {
                backlog += ConsumeStatsBody.backlog(ConsumeStatsBody.queues(answer.body()));
            } catch (IllegalArgumentException e) {
                throw new IOException("unreadable ConsumeStats of group " + call.getKey() + " from " + master + ": "
                        + e.getMessage(), e);
            }
        }
        return backlog;
    }

    private static void check(String broker, String request, RemotingCommand answer)
            throws DrainStatusUnknownException, IOException {
        if (answer.code() == ResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            throw new DrainStatusUnknownException("broker " + broker + " does not support " + request
                    + ", so the backlog cannot be measured");
        }
        if (answer.code() != ResponseCode.SUCCESS) {
            throw new IOException("broker " + broker + " answered " + request + " with code " + answer.code()
                    + remark(answer));
        }
    }

    private static String remark(RemotingCommand response) {
        return response.remark() == null || response.remark().isBlank() ? "" : " (" + response.remark().trim() + ")";
    }

    private static Throwable cause(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
