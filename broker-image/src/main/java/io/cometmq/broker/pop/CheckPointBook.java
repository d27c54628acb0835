package io.cometmq.broker.pop;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The check points of one revive queue that still have unacked messages, paired with the acks read after them. An
 * ack matches the check point of the same group, topic, queue and pop time that holds its offset (the receipt
 * handle's start offset is not used: remoting clients and the gRPC layer renew handles differently). Pure: the
 * {@link ReviveService} feeds it what it reads from the revive log.
 */
final class CheckPointBook {

    /** A check point read at {@code reviveOffset} of the revive queue, and which of its offsets are acked. */
    static final class Pending {
        private final long reviveOffset;
        private final CheckPoint checkPoint;
        private final BitSet acked = new BitSet();

        private Pending(long reviveOffset, CheckPoint checkPoint) {
            this.reviveOffset = reviveOffset;
            this.checkPoint = checkPoint;
        }

        long reviveOffset() {
            return reviveOffset;
        }

        CheckPoint checkPoint() {
            return checkPoint;
        }

        /** The offsets nobody acked. */
        List<Long> unacked() {
            List<Long> out = new ArrayList<>();
            List<Long> offsets = checkPoint.offsets();
            for (int i = 0; i < offsets.size(); i++) {
                if (!acked.get(i)) {
                    out.add(offsets.get(i));
                }
            }
            return out;
        }

        private boolean ack(long offset) {
            int index = checkPoint.offsets().indexOf(offset);
            if (index < 0 || acked.get(index)) {
                return false;
            }
            acked.set(index);
            return true;
        }

        private boolean allAcked() {
            return acked.cardinality() == checkPoint.offsets().size();
        }
    }

    private final Map<String, List<Pending>> byKey = new HashMap<>();
    private int size;

    private static String key(String group, String topic, int queueId, long popTime) {
        return group + '\u0001' + topic + '\u0001' + queueId + '\u0001' + popTime;
    }

    void addCheckPoint(long reviveOffset, CheckPoint ck) {
        if (ck.offsets().isEmpty()) {
            return;
        }
        byKey.computeIfAbsent(key(ck.group(), ck.topic(), ck.queueId(), ck.popTime()), k -> new ArrayList<>())
                .add(new Pending(reviveOffset, ck));
        size++;
    }

    /** Marks the ack's offsets in the check points holding them; a check point acked in full is forgotten. */
    void addAck(AckRecord ack) {
        String key = key(ack.group(), ack.topic(), ack.queueId(), ack.popTime());
        List<Pending> candidates = byKey.get(key);
        if (candidates == null) {
            return; // its check point is done (acked, or revived earlier) or was never written
        }
        for (long offset : ack.offsets()) {
            for (Pending pending : candidates) {
                if (pending.ack(offset)) {
                    break;
                }
            }
        }
        for (Iterator<Pending> it = candidates.iterator(); it.hasNext(); ) {
            if (it.next().allAcked()) {
                it.remove();
                size--;
            }
        }
        if (candidates.isEmpty()) {
            byKey.remove(key);
        }
    }

    /** Check points whose messages are due to come back: revive time plus {@code graceMillis} is not after now. */
    List<Pending> due(long now, long graceMillis) {
        List<Pending> out = new ArrayList<>();
        for (List<Pending> list : byKey.values()) {
            for (Pending pending : list) {
                if (pending.checkPoint().reviveTime() + graceMillis <= now) {
                    out.add(pending);
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.reviveOffset(), b.reviveOffset()));
        return out;
    }

    /** Forgets a check point whose unacked messages were put into the retry topic. */
    void done(Pending pending) {
        CheckPoint ck = pending.checkPoint();
        String key = key(ck.group(), ck.topic(), ck.queueId(), ck.popTime());
        List<Pending> list = byKey.get(key);
        if (list != null && list.remove(pending)) {
            size--;
            if (list.isEmpty()) {
                byKey.remove(key);
            }
        }
    }

    /**
     * Where reading the revive queue must start again to see every pending check point: the first pending one's
     * offset, or {@code readTo} when none is pending.
     */
    long resumeOffset(long readTo) {
        long min = readTo;
        for (List<Pending> list : byKey.values()) {
            for (Pending pending : list) {
                min = Math.min(min, pending.reviveOffset());
            }
        }
        return min;
    }

    int size() {
        return size;
    }
}
