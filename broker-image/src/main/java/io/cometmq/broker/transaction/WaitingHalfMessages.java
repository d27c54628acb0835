package io.cometmq.broker.transaction;

import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.QueueScan;
import io.cometmq.broker.store.message.MessageProperties;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Transactions waiting for a commit or rollback, per real topic ({@code rocketmq_half_messages}). Derived from the
 * store, so it is right after a restart, a promotion and on a slave alike: each call reads the op records and half
 * messages stored since the previous call (each record is read once in its life; the first call after start-up
 * reads the half queue from the ledger's low-water mark), keeps the real topic of every unresolved half offset, and
 * drops the offsets the {@link HalfLedger} has resolved since (commit, rollback, a check's re-appended copy, discard).
 * Memory follows the unresolved half messages. A topic that had half messages stays listed, at 0.
 */
public final class WaitingHalfMessages {

    private static final int BATCH = 64;

    private final TransactionLog transactions;
    private final TreeMap<Long, String> topicByOffset = new TreeMap<>();
    private final Map<String, String> topicNames = new HashMap<>();
    private long scannedUpTo = -1;

    public WaitingHalfMessages(TransactionLog transactions) {
        this.transactions = transactions;
    }

    /** Unresolved half messages per real topic, now. */
    public synchronized Map<String, Long> byTopic() {
        MessageStore store = transactions.store();
        HalfLedger ledger = transactions.ledger();
        transactions.catchUp(); // op records stored since the last call resolve offsets in the ledger
        long max = store.maxOffsetInQueue(TransactionNames.HALF_TOPIC, 0);
        if (scannedUpTo < 0) {
            scannedUpTo = ledger.lowWater();
        }
        scanNewHalfMessages(store, ledger, max);
        ledger.advance(max); // a slave's ledger grows by op records only here: keep it to the unresolved span
        topicByOffset.headMap(Math.max(ledger.lowWater(), store.minOffsetInQueue(TransactionNames.HALF_TOPIC, 0)))
                .clear();
        Map<String, Long> counts = new HashMap<>();
        topicNames.keySet().forEach(topic -> counts.put(topic, 0L));
        for (Iterator<Map.Entry<Long, String>> it = topicByOffset.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, String> entry = it.next();
            if (ledger.isResolved(entry.getKey())) {
                it.remove();
            } else {
                counts.merge(entry.getValue(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private void scanNewHalfMessages(MessageStore store, HalfLedger ledger, long max) {
        scannedUpTo = QueueScan.forward(store, TransactionNames.HALF_TOPIC, 0, scannedUpTo, max, BATCH,
                (offset, half) -> {
                    if (!ledger.isResolved(offset)) {
                        String topic = half.property(MessageProperties.REAL_TOPIC);
                        if (topic != null) {
                            topicByOffset.put(offset, topicNames.computeIfAbsent(topic, name -> name));
                        }
                    }
                });
    }
}
