package io.cometmq.broker.pop;

import io.cometmq.broker.RoleState;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.PutStatus;
import io.cometmq.broker.store.message.MessageToStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * Writes check points and acks to the cluster's revive log ({@code rmq_sys_REVIVE_LOG_<cluster>}), as master only.
 * The log is ordinary commit-log data: replicated to slaves and recovered after a crash like any message. A
 * SYNC_MASTER returns once a slave has the record (or did not confirm it in time: the record is stored either way,
 * as Apache's broker accepts a check point whose replication timed out).
 */
public final class ReviveLog {

    private final MessageStore store;
    private final RoleState role;
    private final String brokerAddr;
    private final String topic;
    private final int queues;
    private final InetSocketAddress storeHost;
    private final Clock clock;
    private final LongFunction<CompletableFuture<?>> replicated;
    private final AtomicInteger nextQueue = new AtomicInteger();

    /** @param replicated waits until a slave has the log up to an end offset (SYNC_MASTER), else completes at once */
    public ReviveLog(MessageStore store, RoleState role, String brokerAddr, String topic, int queues,
            InetSocketAddress storeHost, Clock clock, LongFunction<CompletableFuture<?>> replicated) {
        this.store = store;
        this.role = role;
        this.brokerAddr = brokerAddr;
        this.topic = topic;
        this.queues = queues;
        this.storeHost = storeHost;
        this.clock = clock;
        this.replicated = replicated;
    }

    public String topic() {
        return topic;
    }

    public int queues() {
        return queues;
    }

    /** The revive queue for the next pop's check point (round robin). */
    int nextQueue() {
        return Math.floorMod(nextQueue.getAndIncrement(), queues);
    }

    /** Stores a check point; returns null when stored, else why not. */
    String write(int reviveQid, CheckPoint ck) {
        return append(ReviveRecords.checkPoint(topic, reviveQid, ck, storeHost, clock.millis()));
    }

    /** Stores an ack; returns null when stored, else why not. */
    String write(int reviveQid, AckRecord ack) {
        return append(ReviveRecords.ack(topic, reviveQid, ack, storeHost, clock.millis()));
    }

    private String append(MessageToStore message) {
        CompletableFuture<PutResult> put = role.appendAsMaster(brokerAddr, () -> store.put(message),
                why -> CompletableFuture.completedFuture(PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, why)));
        PutResult result = put.join();
        if (result.status().isStored()) {
            if (!result.appendResults().isEmpty()) {
                replicated.apply(result.appendResults().get(0).endOffset()).join();
            }
            return null;
        }
        return "cannot write to the revive log " + topic + ": " + result.status()
                + (result.remark() == null ? "" : " " + result.remark());
    }
}
