package io.cometmq.broker.store.queue;

import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.file.MappedSegment;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.RecordInspector;
import io.cometmq.broker.store.message.RecordInspector.Inspection;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.SysFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher thread ("reput"): reads the commit log past {@link #dispatchedOffset()}, feeds every record to the
 * dispatchers (consume queues, index) and then tells arrival listeners. Appends wake it; without a wake-up it still
 * polls, which also picks up bytes a slave received by replication.
 */
public final class ReputService {
    private static final Logger LOG = LoggerFactory.getLogger(ReputService.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final CommitLog log;
    private final List<CommitLogDispatcher> dispatchers;
    private final TagsCodeFunction tagsCodes;
    private final List<MessageArrivalListener> listeners = new CopyOnWriteArrayList<>();
    private final Semaphore wakeups = new Semaphore(0);
    private final Thread thread;
    private volatile long dispatchedOffset;
    private volatile boolean running;
    private long reportedProblemAt = -1;

    public ReputService(CommitLog log, List<CommitLogDispatcher> dispatchers, TagsCodeFunction tagsCodes) {
        this.log = log;
        this.dispatchers = List.copyOf(dispatchers);
        this.tagsCodes = tagsCodes;
        this.thread = new Thread(this::run, "store-reput");
        this.thread.setDaemon(true);
    }

    public void addListener(MessageArrivalListener listener) {
        listeners.add(listener);
    }

    /** Where dispatch resumes: at start-up the recovery's safe point. */
    public void startFrom(long offset) {
        this.dispatchedOffset = offset;
    }

    /** Offset up to which every record has been dispatched (consume queues and index are written). */
    public long dispatchedOffset() {
        return dispatchedOffset;
    }

    public void wakeup() {
        wakeups.release();
    }

    public void start() {
        running = true;
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                dispatchAvailable();
            } catch (RuntimeException e) {
                LOG.error("dispatch failed at commit-log offset {}", dispatchedOffset, e);
            }
            try {
                wakeups.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the thread and dispatches what is left, so a clean shutdown leaves nothing undispatched. */
    public void shutdown() {
        halt();
        dispatchAvailable();
    }

    /** Stops the thread without dispatching the rest (what a crash leaves behind). */
    public void halt() {
        running = false;
        wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code action} while no dispatch is in progress (and none starts until it returns). */
    public synchronized void paused(Runnable action) {
        action.run();
    }

    /** After a truncation at {@code offset}: dispatch resumes no later than there. Call inside {@link #paused}. */
    public synchronized void rewindTo(long offset) {
        dispatchedOffset = Math.min(dispatchedOffset, offset);
        reportedProblemAt = -1;
    }

    /**
     * Waits until everything before {@code offset} is dispatched; false on timeout or interrupt (or while a torn
     * record blocks dispatch). Waiting releases the monitor, so the dispatcher thread keeps going meanwhile.
     */
    public synchronized boolean awaitDispatched(long offset, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (dispatchedOffset < offset) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wakeup();
            try {
                wait(Math.min(left, IDLE_POLL_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Dispatches every whole record currently in the log; returns how many messages were dispatched. */
    public synchronized long dispatchAvailable() {
        long dispatched = dispatchLoop();
        notifyAll(); // wakes awaitDispatched
        return dispatched;
    }

    private long dispatchLoop() {
        long dispatched = 0;
        while (dispatchedOffset < log.maxOffset()) {
            long offset = dispatchedOffset;
            MappedSegment segment = log.segments().find(offset);
            if (segment == null) {
                if (offset < log.minOffset()) {
                    // Retention removed what we had not read (should not happen), or the store was emptied by a
                    // truncation and refilled by replication from a later segment.
                    dispatchedOffset = log.minOffset();
                    continue;
                }
                break;
            }
            int position = (int) (offset - segment.baseOffset());
            int limit = segment.writePosition();
            ByteBuffer data = segment.slice(0, limit);
            Inspection inspection = RecordInspector.inspect(data, position, limit, offset, false);
            switch (inspection.kind()) {
                case MESSAGE -> {
                    dispatch(new StoredMessageView(data.slice(position, inspection.size())));
                    dispatchedOffset = offset + inspection.size();
                    dispatched++;
                }
                case BLANK -> dispatchedOffset = segment.baseOffset() + segment.size();
                case END_OF_DATA, CORRUPT -> {
                    if (reportedProblemAt != offset) {
                        reportedProblemAt = offset;
                        LOG.error("cannot dispatch commit log at {} ({}): {}", offset, inspection.kind(),
                                inspection.problem());
                    }
                    return dispatched;
                }
                default -> throw new IllegalStateException(inspection.kind().name());
            }
        }
        return dispatched;
    }

    private void dispatch(StoredMessageView message) {
        long tagsCode = tagsCodes.tagsCode(message);
        DispatchRequest request = new DispatchRequest(message.topic(), message.queueId(), message.physicalOffset(),
                message.totalSize(), tagsCode, message.storeTimestamp(), message.queueOffset(), message.sysFlag(),
                message.property(MessageProperties.KEYS), message.property(MessageProperties.UNIQ_KEY));
        for (CommitLogDispatcher dispatcher : dispatchers) {
            dispatcher.dispatch(request);
        }
        if (SysFlag.isDispatchedToConsumeQueue(request.sysFlag())) {
            for (MessageArrivalListener listener : listeners) {
                try {
                    listener.onArrival(request.topic(), request.queueId(), request.queueOffset(), tagsCode);
                } catch (RuntimeException e) {
                    LOG.warn("arrival listener failed", e);
                }
            }
        }
    }
}
