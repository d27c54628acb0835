package io.cometmq.broker.ha;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which master wrote which part of the commit log. Every time a broker starts as master or is promoted, a new
 * epoch begins at its current log end. A slave's bytes of epoch {@code e} are identical to the master's up to the
 * point where the master's next epoch began, so comparing histories tells a rejoining slave exactly where its log
 * stops agreeing with the master's (the idea of Kafka's leader epochs).
 */
public final class EpochHistory {

    /** Epoch {@code epoch} began at commit-log offset {@code startOffset}. */
    public record Epoch(int epoch, long startOffset) {
    }

    private final JsonFile<List<Epoch>> file;
    private final List<Epoch> epochs = new ArrayList<>();

    public EpochHistory(Path file) {
        this.file = new JsonFile<>(file, new TypeReference<>() { });
        List<Epoch> stored = this.file.read();
        if (stored != null) {
            epochs.addAll(stored);
        }
    }

    /** Begins the next epoch at {@code logEnd} (this broker now writes as master). */
    public synchronized Epoch startNewEpoch(long logEnd) {
        int next = epochs.isEmpty() ? 1 : epochs.get(epochs.size() - 1).epoch() + 1;
        // an epoch that never wrote anything is superseded rather than kept as an empty range
        while (!epochs.isEmpty() && epochs.get(epochs.size() - 1).startOffset() >= logEnd) {
            epochs.remove(epochs.size() - 1);
        }
        Epoch epoch = new Epoch(next, logEnd);
        epochs.add(epoch);
        persist();
        return epoch;
    }

    /** Adopts the master's history (a slave mirrors it after each handshake). */
    public synchronized void replaceWith(List<Epoch> masterHistory) {
        epochs.clear();
        epochs.addAll(masterHistory);
        persist();
    }

    public synchronized List<Epoch> all() {
        return List.copyOf(epochs);
    }

    /** The epoch that wrote the byte just before {@code logEnd}, or 0 when the log is empty or unknown. */
    public synchronized int epochOfLogEnd(long logEnd) {
        int result = 0;
        for (Epoch epoch : epochs) {
            if (epoch.startOffset() < logEnd) {
                result = epoch.epoch();
            }
        }
        return result;
    }

    /**
     * Where epoch {@code epoch} ends in this history: the start of the first later epoch, or {@code logEnd} when
     * none began. For an epoch this history never had, the end of the last earlier one.
     */
    public synchronized long endOffsetOf(int epoch, long logEnd) {
        for (Epoch candidate : epochs) {
            if (candidate.epoch() > epoch) {
                return candidate.startOffset();
            }
        }
        return logEnd;
    }

    private void persist() {
        file.write(List.copyOf(epochs));
    }
}
