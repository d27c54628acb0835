package io.cometmq.broker.transaction;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which half-queue offsets are resolved (committed, rolled back, superseded by a re-appended copy, or discarded).
 * Everything below the low-water mark is resolved; above it an explicit set is kept, so memory follows the span of
 * unresolved half messages, not the history. A resolution is claimed first so that an END_TRANSACTION and the check
 * service (or two duplicate ENDs) never act on the same half message twice.
 */
public final class HalfLedger {

    public enum Claim { CLAIMED, RESOLVED, BUSY }

    /** Where the check service re-appended a half message. */
    public record Copy(long queueOffset, long commitLogOffset) {
    }

    private static final int MAX_REMEMBERED_COPIES = 10_000;

    private long lowWater;
    private final Set<Long> resolved = new HashSet<>();
    private final Set<Long> claimed = new HashSet<>();
    private final Map<Long, Copy> supersededBy = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Copy> eldest) {
            return size() > MAX_REMEMBERED_COPIES; // only a courtesy for late ENDs; checks cover the rest
        }
    };

    public HalfLedger(long lowWater) {
        this.lowWater = Math.max(0, lowWater);
    }

    public synchronized long lowWater() {
        return lowWater;
    }

    public synchronized boolean isResolved(long offset) {
        return offset < lowWater || resolved.contains(offset);
    }

    /** Learnt from an op record. */
    public synchronized void markResolved(long offset) {
        if (offset >= lowWater) {
            resolved.add(offset);
        }
    }

    public synchronized Claim tryClaim(long offset) {
        if (isResolved(offset)) {
            return Claim.RESOLVED;
        }
        return claimed.add(offset) ? Claim.CLAIMED : Claim.BUSY;
    }

    /** Like {@link #tryClaim} but waits up to {@code timeoutMillis} while someone else holds the claim. */
    public synchronized Claim awaitClaim(long offset, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Claim claim = tryClaim(offset);
        while (claim == Claim.BUSY) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Claim.BUSY;
            }
            wait(left);
            claim = tryClaim(offset);
        }
        return claim;
    }

    /** Ends a claim with the half message resolved; {@code copy} is its re-appended successor, if any. */
    public synchronized void resolve(long offset, Copy copy) {
        claimed.remove(offset);
        markResolved(offset);
        if (copy != null) {
            supersededBy.put(offset, copy);
        }
        notifyAll();
    }

    /** Ends a claim without resolving (the store refused a write). */
    public synchronized void release(long offset) {
        claimed.remove(offset);
        notifyAll();
    }

    /** The re-appended copy that replaced a half message, when this broker still remembers it. */
    public synchronized Copy supersededBy(long offset) {
        return supersededBy.get(offset);
    }

    /** Moves the low-water mark over the contiguous resolved prefix below {@code maxExclusive}; true if it moved. */
    public synchronized boolean advance(long maxExclusive) {
        long before = lowWater;
        while (lowWater < maxExclusive && resolved.remove(lowWater)) {
            lowWater++;
        }
        return lowWater != before;
    }

    /** Everything below {@code offset} is gone from the half queue (retention): treat it as resolved. */
    public synchronized boolean skipTo(long offset) {
        if (offset <= lowWater) {
            return false;
        }
        lowWater = offset;
        resolved.removeIf(resolvedOffset -> resolvedOffset < offset);
        return true;
    }

    /** Resolved offsets kept above the low-water mark (for tests and stats). */
    public synchronized int pendingResolved() {
        return resolved.size();
    }
}
