package io.cometmq.broker.ha;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a SYNC_MASTER waits on: the highest commit-log offset any slave has acknowledged. A send is confirmed when
 * a slave has stored everything up to the end of its message.
 *
 * <p>Timeouts are found by one sweep scheduled at the earliest open deadline, not by a timer task per send: at
 * thousands of sends a second, a task per send kept the timer thread waking thousands of times a second for tasks
 * whose sends had long been acknowledged. Acknowledged waiters leave the deadline queue when a sweep reaches them.
 */
public final class SyncReplicaWaiter {

    private record Waiter(long endOffset, long deadlineNanos, CompletableFuture<Boolean> done) {
    }

    private final PriorityQueue<Waiter> byOffset = new PriorityQueue<>(Comparator.comparingLong(Waiter::endOffset));
    private final PriorityQueue<Waiter> byDeadline =
            new PriorityQueue<>(Comparator.comparingLong(Waiter::deadlineNanos));
    private final ScheduledExecutorService timer;
    private long ackedOffset;
    /** When the next scheduled sweep runs (System.nanoTime); none is scheduled when {@code sweepScheduled} is false. */
    private long nextSweepNanos;
    private boolean sweepScheduled;

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
            long now = System.nanoTime();
            Waiter waiter = new Waiter(endOffset, now + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), done);
            byOffset.add(waiter);
            byDeadline.add(waiter);
            if (!sweepScheduled || waiter.deadlineNanos - nextSweepNanos < 0) {
                scheduleSweep(waiter.deadlineNanos - now); // an extra early sweep is harmless
            }
        }
        return done;
    }

    /** Times out every open waiter whose deadline has passed, then schedules itself for the next one. */
    private void sweep() {
        List<Waiter> expired = new ArrayList<>();
        synchronized (this) {
            sweepScheduled = false;
            long now = System.nanoTime();
            while (!byDeadline.isEmpty()) {
                Waiter head = byDeadline.peek();
                if (head.done.isDone()) {
                    byDeadline.poll(); // acknowledged or failed already
                } else if (head.deadlineNanos - now <= 0) {
                    byDeadline.poll();
                    byOffset.remove(head);
                    expired.add(head);
                } else {
                    scheduleSweep(head.deadlineNanos - now);
                    break;
                }
            }
        }
        expired.forEach(waiter -> waiter.done.complete(false));
    }

    private void scheduleSweep(long delayNanos) {
        sweepScheduled = true;
        nextSweepNanos = System.nanoTime() + delayNanos;
        timer.schedule(this::sweep, Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
    }

    /** A slave reported it stored everything below {@code offset}. */
    public void acknowledged(long offset) {
        List<Waiter> ready = new ArrayList<>();
        synchronized (this) {
            if (offset <= ackedOffset) {
                return;
            }
            ackedOffset = offset;
            while (!byOffset.isEmpty() && byOffset.peek().endOffset <= offset) {
                ready.add(byOffset.poll());
            }
        }
        ready.forEach(waiter -> waiter.done.complete(true));
    }

    public synchronized long ackedOffset() {
        return ackedOffset;
    }

    /** Fails every waiting send (the master was demoted: none of them may be acknowledged). */
    public void failAll() {
        List<Waiter> failed;
        synchronized (this) {
            failed = new ArrayList<>(byOffset);
            byOffset.clear();
            byDeadline.clear();
        }
        failed.forEach(waiter -> waiter.done.complete(false));
    }

    /** A slave restarted from an earlier point (e.g. after truncation): acknowledgements restart from there. */
    public synchronized void resetTo(long offset) {
        ackedOffset = Math.min(ackedOffset, offset);
    }
}
