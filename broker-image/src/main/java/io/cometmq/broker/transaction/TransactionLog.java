package io.cometmq.broker.transaction;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import io.cometmq.broker.store.MessageStore;
import io.cometmq.broker.store.PutResult;
import io.cometmq.broker.store.QueueScan;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable side of the {@link HalfLedger}: op records in RMQ_SYS_TRANS_OP_HALF_TOPIC (written here, read back
 * to rebuild the ledger after a restart or promotion) and the half queue's low-water mark in
 * {@code config/transaction.json}. Half messages themselves live in the commit log.
 */
public final class TransactionLog {

    private static final Logger log = LoggerFactory.getLogger(TransactionLog.class);
    private static final int BATCH = 64;

    private final MessageStore store;
    private final Clock clock;
    private final InetSocketAddress storeHost;
    private final JsonFile<Map<String, Long>> file;
    private final HalfLedger ledger;
    private long opReadOffset = -1;
    private long persistedLowWater;

    public TransactionLog(MessageStore store, Clock clock, InetSocketAddress storeHost, Path configDir) {
        this.store = store;
        this.clock = clock;
        this.storeHost = storeHost;
        this.file = new JsonFile<>(configDir.resolve("transaction.json"), new TypeReference<>() { });
        this.persistedLowWater = readLowWater();
        this.ledger = new HalfLedger(persistedLowWater);
    }

    public HalfLedger ledger() {
        return ledger;
    }

    public MessageStore store() {
        return store;
    }

    /** Reads op records not seen yet into the ledger (all of them the first time). */
    public synchronized void catchUp() {
        if (opReadOffset < 0) {
            opReadOffset = store.minOffsetInQueue(TransactionNames.OP_TOPIC, 0);
        }
        opReadOffset = QueueScan.forward(store, TransactionNames.OP_TOPIC, 0, opReadOffset, Long.MAX_VALUE, BATCH,
                (offset, op) -> {
                    if (TransactionNames.OP_TAG.equals(op.tags())) {
                        OpBody.parse(new String(op.body(), StandardCharsets.UTF_8)).forEach(ledger::markResolved);
                    }
                });
    }

    /** Catches up once, before the first resolution on this broker (start or promotion). */
    public synchronized void ensureLoaded() {
        if (opReadOffset < 0) {
            catchUp();
        }
    }

    /** Durably marks one half-queue offset resolved; true when stored. */
    public boolean writeOp(long halfQueueOffset) {
        MessageToStore op = MessageToStore.builder(TransactionNames.OP_TOPIC)
                .queueId(0)
                .body(OpBody.encode(halfQueueOffset).getBytes(StandardCharsets.UTF_8))
                .properties(Map.of(MessageProperties.TAGS, TransactionNames.OP_TAG))
                .bornTimestamp(clock.millis())
                .bornHost(storeHost)
                .storeHost(storeHost)
                .build();
        PutResult result = store.put(op).join();
        if (!result.status().isStored()) {
            log.warn("cannot write the op record for half offset {}: {} {}", halfQueueOffset, result.status(),
                    result.remark());
            return false;
        }
        return true;
    }

    /** Saves the low-water mark when it moved since the last save. */
    public synchronized void persist() {
        long lowWater = ledger.lowWater();
        if (lowWater == persistedLowWater) {
            return;
        }
        try {
            file.write(Map.of("halfLowWater", lowWater));
            persistedLowWater = lowWater;
        } catch (UncheckedIOException e) {
            log.warn("cannot save the transaction low-water mark: {}", e.getMessage());
        }
    }

    private long readLowWater() {
        try {
            Map<String, Long> stored = file.read();
            return stored == null ? 0 : stored.getOrDefault("halfLowWater", 0L);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage() + " (delete it to rescan the half queue)", e);
        }
    }
}
