package io.cometmq.broker.pop.order;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The FIFO batch popped last from one queue for one group (immutable; every change returns a new batch). Holds what
 * the FIFO rules need: which offsets are acked, when unacked ones become visible again, and how often each offset was
 * delivered before this batch.
 *
 * @param attemptId     the client's attempt id of the pop (null when it sent none): a retry with it is not blocked
 * @param popTime       when the batch was popped (part of its receipt handles, so a stale handle is recognised)
 * @param invisibleTime how long the batch stays invisible after popTime, unless changed per offset
 * @param offsets       the queue offsets popped, ascending
 * @param acked         the acked offsets
 * @param visibleAt     per offset, the next-visible time set by a change of invisible time
 * @param deliveries    per offset, how often it was delivered before this batch (offsets absent: never)
 */
public record OrderBatch(String attemptId, long popTime, long invisibleTime, List<Long> offsets, Set<Long> acked,
        Map<Long, Long> visibleAt, Map<Long, Integer> deliveries) {

    public OrderBatch {
        if (offsets == null || offsets.isEmpty()) {
            throw new IllegalArgumentException("a FIFO batch needs at least one offset");
        }
        offsets = List.copyOf(offsets);
        acked = acked == null ? Set.of() : Set.copyOf(acked);
        visibleAt = visibleAt == null ? Map.of() : Map.copyOf(visibleAt);
        deliveries = deliveries == null ? Map.of() : Map.copyOf(deliveries);
    }

    /** The first batch of a queue (or one after the state was forgotten): nothing delivered before. */
    public static OrderBatch first(String attemptId, long popTime, long invisibleTime, List<Long> offsets) {
        return new OrderBatch(attemptId, popTime, invisibleTime, offsets, Set.of(), Map.of(), Map.of());
    }

    /**
     * The batch that replaces this one after a new pop. An offset popped again counts one more delivery; a pop with
     * this batch's attempt id is the client retrying the same pop (its answer was lost), so counts stay as they are.
     */
    public OrderBatch next(String attemptId, long popTime, long invisibleTime, List<Long> offsets) {
        Map<Long, Integer> counts = new TreeMap<>();
        boolean retry = attemptId != null && attemptId.equals(this.attemptId);
        Set<Long> before = new HashSet<>(this.offsets);
        for (long offset : offsets) {
            int count = deliveredBefore(offset);
            if (!retry && before.contains(offset)) {
                count++;
            }
            if (count > 0) {
                counts.put(offset, count);
            }
        }
        return new OrderBatch(attemptId, popTime, invisibleTime, offsets, Set.of(), Map.of(), counts);
    }

    /** How often {@code offset} was delivered before this batch. */
    public int deliveredBefore(long offset) {
        return deliveries.getOrDefault(offset, 0);
    }

    /** The delivery count per offset of this batch, in its order. */
    public List<Integer> deliveryCounts() {
        List<Integer> counts = new ArrayList<>(offsets.size());
        offsets.forEach(offset -> counts.add(deliveredBefore(offset)));
        return counts;
    }

    /**
     * Whether a FIFO pop with {@code attemptId} at {@code now} must skip the queue: an unacked offset of this batch
     * is still invisible. The same attempt id is the client retrying this very pop and is let through.
     */
    public boolean blocks(String attemptId, long now) {
        if (attemptId != null && attemptId.equals(this.attemptId)) {
            return false;
        }
        for (long offset : offsets) {
            if (!acked.contains(offset) && now < nextVisibleTime(offset)) {
                return true;
            }
        }
        return false;
    }

    /** When an unacked {@code offset} of this batch may be delivered again. */
    public long nextVisibleTime(long offset) {
        return visibleAt.getOrDefault(offset, popTime + invisibleTime);
    }

    public boolean contains(long offset) {
        return offsets.contains(offset);
    }

    /** This batch with {@code offset} acked (the caller checked {@link #contains}). */
    public OrderBatch ack(long offset) {
        Set<Long> nowAcked = new TreeSet<>(acked);
        nowAcked.add(offset);
        return new OrderBatch(attemptId, popTime, invisibleTime, offsets, nowAcked, visibleAt, deliveries);
    }

    /** This batch with {@code offset} visible again at {@code time} (the caller checked {@link #contains}). */
    public OrderBatch visibleAgainAt(long offset, long time) {
        Map<Long, Long> times = new TreeMap<>(visibleAt);
        times.put(offset, time);
        return new OrderBatch(attemptId, popTime, invisibleTime, offsets, acked, times, deliveries);
    }

    /**
     * Where the group's consumer offset belongs: the first unacked offset, or past the batch when all are acked, so
     * the next FIFO pop starts with what is not consumed yet.
     */
    public long nextOffset() {
        for (long offset : offsets) {
            if (!acked.contains(offset)) {
                return offset;
            }
        }
        return offsets.get(offsets.size() - 1) + 1;
    }
}
