package io.cometmq.broker.pop;

import io.cometmq.broker.store.GetResult;
import io.cometmq.broker.store.GetStatus;
import io.cometmq.broker.store.MessageFilter;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.PutStatus;
import io.cometmq.broker.store.QueueScan;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.pop.PopNames;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back popped messages nobody acked in time. Master only: started on start-up as master or on promotion,
 * stopped on demotion. Each round (every reviveInterval) reads what was appended to each revive queue, pairs check
 * points with acks ({@link CheckPointBook}), puts the unacked messages of every check point whose invisible time is
 * over (plus a second for acks still on their way) into the group's retry topic with reconsume times plus one, marks
 * them revived in the log, and commits the queue's REVIVE_GROUP offset at the first check point still pending.
 *
 * <p>On start the log is read from that offset: pending check points come back, acked and already revived messages
 * are not redelivered, and each check point's next offset restores the group's consumer offset when the saved
 * offsets are older than the log (a crash between two offset flushes, or a slave promoted before its last copy).
 */
public final class ReviveService {

    private static final Logger log = LoggerFactory.getLogger(ReviveService.class);
    /** Acks written up to this long after the invisible time still count. */
    static final long ACK_GRACE_MILLIS = 1_000;
    private static final int READ_BATCH = 64;
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final PopServices s;
    private ScheduledExecutorService executor;
    private CheckPointBook[] books;
    private long[] readTo;

    public ReviveService(PopServices services) {
        this.s = services;
    }

    /** Reads the revive log from the committed offsets and starts the rounds; a second call changes nothing. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        int queues = s.reviveLog().queues();
        books = new CheckPointBook[queues];
        readTo = new long[queues];
        for (int q = 0; q < queues; q++) {
            books[q] = new CheckPointBook();
            long committed = s.offsets().query(PopNames.REVIVE_GROUP, s.reviveLog().topic(), q);
            readTo[q] = committed >= 0 ? committed : s.store().minOffsetInQueue(s.reviveLog().topic(), q);
            read(q, true);
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pop-revive");
            thread.setDaemon(true);
            return thread;
        });
        long interval = s.pop().reviveIntervalMillis();
        executor.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
        log.info("POP revive started on {} ({} queues, {} check points pending)", s.reviveLog().topic(), queues,
                pending());
    }

    /** Stops the rounds; progress is in the committed REVIVE_GROUP offsets. */
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            running.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Check points read and not yet acked or revived. */
    public synchronized int pending() {
        int sum = 0;
        for (CheckPointBook book : books == null ? new CheckPointBook[0] : books) {
            sum += book.size();
        }
        return sum;
    }

    private synchronized void round() {
        if (executor == null) {
            return;
        }
        for (int q = 0; q < books.length; q++) {
            try {
                read(q, false);
                revive(q);
                s.offsets().commit(PopNames.REVIVE_GROUP, s.reviveLog().topic(), q, books[q].resumeOffset(readTo[q]));
            } catch (RuntimeException e) {
                log.warn("revive round of {} queue {} failed: {}", s.reviveLog().topic(), q, e.toString());
            }
        }
    }

    private void read(int q, boolean restoreOffsets) {
        CheckPointBook book = books[q];
        readTo[q] = QueueScan.forward(s.store(), s.reviveLog().topic(), q, readTo[q], Long.MAX_VALUE, READ_BATCH,
                (offset, message) -> {
                    Object record;
                    try {
                        record = ReviveRecords.parse(message);
                    } catch (IllegalArgumentException e) {
                        log.warn("skipping revive record {}@{}: {}", q, offset, e.getMessage());
                        return;
                    }
                    if (record instanceof CheckPoint ck) {
                        book.addCheckPoint(offset, ck);
                        if (restoreOffsets) {
                            restoreOffset(ck);
                        }
                    } else if (record instanceof AckRecord ack) {
                        book.addAck(ack);
                    }
                });
    }

    private void restoreOffset(CheckPoint ck) {
        if (ck.nextOffset() >= 0 && s.offsets().query(ck.group(), ck.topic(), ck.queueId()) < ck.nextOffset()) {
            s.offsets().commit(ck.group(), ck.topic(), ck.queueId(), ck.nextOffset());
        }
    }

    private void revive(int q) {
        long now = s.clock().millis();
        for (CheckPointBook.Pending pending : books[q].due(now, ACK_GRACE_MILLIS)) {
            if (!reviveOne(q, pending)) {
                return; // the store refused a write: try again next round
            }
            books[q].done(pending);
        }
    }

    private boolean reviveOne(int q, CheckPointBook.Pending pending) {
        CheckPoint ck = pending.checkPoint();
        List<Long> unacked = pending.unacked();
        String target = GroupTopics.isRetryTopic(ck.topic()) ? ck.topic()
                : s.retryTopicToWrite(ck.topic(), ck.group());
        s.topics().getOrCreateSystemTopic(target, 1);
        for (long offset : unacked) {
            GetResult found = s.store().get(ck.topic(), ck.queueId(), offset, 1, MAX_BYTES, MessageFilter.ALL);
            if (found.status() != GetStatus.FOUND || found.queueOffsets().get(0) != offset) {
                log.warn("popped message {}@{}:{} of group {} is gone (retention?); it cannot come back", ck.topic(),
                        ck.queueId(), offset, ck.group());
                continue;
            }
            StoredMessageView original = new StoredMessageView(found.messages().get(0).duplicate());
            MessageToStore copy = RetryMessages.revived(original, target, ck.popTime(), s.storeHost());
            PutResult put = s.role().appendAsMaster(s.brokerAddr(), () -> s.store().put(copy),
                    why -> CompletableFuture.completedFuture(PutResult.refused(PutStatus.SERVICE_NOT_AVAILABLE, why)))
                    .join();
            if (!put.status().isStored()) {
                log.warn("cannot revive {}@{}:{} into {}: {} {}", ck.topic(), ck.queueId(), offset, target,
                        put.status(), put.remark() == null ? "" : put.remark());
                return false;
            }
        }
        String failure = s.reviveLog().write(q, new AckRecord(ck.group(), ck.topic(), ck.queueId(), ck.popTime(),
                unacked, true));
        if (failure != null) {
            log.warn("revived {} messages of {}@{} for {} but could not mark them: {}", unacked.size(), ck.topic(),
                    ck.queueId(), ck.group(), failure);
        }
        return true;
    }
}
