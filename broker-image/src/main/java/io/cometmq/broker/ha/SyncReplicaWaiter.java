package io.cometmq.broker.ha;

import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a SYNC_MASTER waits on: the highest commit-log offset any slave has acknowledged. A send is confirmed when
 * a slave has stored everything up to the end of its message.
 */
public final class SyncReplicaWaiter {

    private record Waiter(long endOffset, CompletableFuture<Boolean> done) {
    }

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.endOffset, b.endOffset));
    private final ScheduledExecutorService timer;
    private long ackedOffset;

    public SyncReplicaWaiter(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Completes with true once a slave acknowledged {@code endOffset}, or false after {@code timeoutMillis}. */
    public CompletableFuture<Boolean> await(long endOffset, long timeoutMillis) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (this) {
            if (ackedOffset >= endOffset) {
                return CompletableFuture.completedFuture(true);
            }
            waiters.add(new Waiter(endOffset, done));
        }
        timer.schedule(() -> {
            if (done.complete(false)) {
                synchronized (this) {
                    waiters.removeIf(waiter -> waiter.done == done);
                }
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        return done;
    }

    /** A slave reported it stored everything below {@code offset}. */
    public void acknowledged(long offset) {
        java.util.List<Waiter> ready = new java.util.ArrayList<>();
        synchronized (this) {
            if (offset <= ackedOffset) {
                return;
            }
            ackedOffset = offset;
            while (!waiters.isEmpty() && waiters.peek().endOffset <= offset) {
                ready.add(waiters.poll());
            }
        }
        ready.forEach(waiter -> waiter.done.complete(true));
    }

    public synchronized long ackedOffset() {
        return ackedOffset;
    }

    /** Fails every waiting send (the master was demoted: none of them may be acknowledged). */
    public void failAll() {
        java.util.List<Waiter> failed;
        synchronized (this) {
            failed = new java.util.ArrayList<>(waiters);
            waiters.clear();
        }
        failed.forEach(waiter -> waiter.done.complete(false));
    }

    /** A slave restarted from an earlier point (e.g. after truncation): acknowledgements restart from there. */
    public synchronized void resetTo(long offset) {
        ackedOffset = Math.min(ackedOffset, offset);
    }
}
