package io.cometmq.broker.store.index;

import io.cometmq.broker.store.queue.CommitLogDispatcher;
import io.cometmq.broker.store.queue.DispatchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * Key lookup for QUERY_MESSAGE: indexes {@code <topic>#<UNIQ_KEY>} and {@code <topic>#<each KEYS token>} of every
 * record into {@link IndexFile}s under {@code <root>/index}, a new file when the current one is full. Entries point
 * into the commit log; after a crash the dispatcher re-indexes from the checkpoint, so a key may be indexed twice
 * (results are de-duplicated) and stale entries are dropped by the caller's verification.
 */
public final class IndexService implements CommitLogDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(IndexService.class);

    private final Path directory;
    private final int slotCount;
    private final int maxEntries;
    private final Clock clock;
    private final List<IndexFile> files = new CopyOnWriteArrayList<>();

    public IndexService(Path directory, int slotCount, int maxEntries, Clock clock) {
        if (slotCount <= 0 || maxEntries <= 1) {
            throw new IllegalArgumentException("index needs slots > 0 and entries > 1");
        }
        this.directory = directory;
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public static String key(String topic, String key) {
        return topic + "#" + key;
    }

    public void load() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> list = Files.list(directory)) {
            for (Path file : list.filter(IndexService::isIndexFileName).sorted().toList()) {
                try {
                    files.add(IndexFile.open(file, slotCount, maxEntries));
                } catch (RuntimeException e) {
                    // The dispatcher re-indexes from the checkpoint; an unreadable file only loses older lookups.
                    LOG.warn("dropping unreadable index file {}: {}", file, e.getMessage());
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load index files from " + directory, e);
        }
    }

    private static boolean isIndexFileName(Path file) {
        String name = file.getFileName().toString();
        return name.length() == 20 && name.chars().allMatch(Character::isDigit);
    }

    @Override
    public void dispatch(DispatchRequest request) {
        if (request.uniqueKey() != null && !request.uniqueKey().isEmpty()) {
            put(key(request.topic(), request.uniqueKey()), request);
        }
        if (request.keys() != null) {
            for (String token : request.keys().split(" ")) {
                if (!token.isEmpty()) {
                    put(key(request.topic(), token), request);
                }
            }
        }
    }

    /** Synchronised with {@link #deleteBelow}: retention must not remove a file while the dispatcher picks one. */
    private synchronized void put(String key, DispatchRequest request) {
        IndexFile current = lastFile();
        if (current == null || !current.put(key, request.commitLogOffset(), request.storeTimestamp())) {
            current = newFile();
            current.put(key, request.commitLogOffset(), request.storeTimestamp());
        }
    }

    private IndexFile lastFile() {
        Object[] snapshot = files.toArray();
        return snapshot.length == 0 ? null : (IndexFile) snapshot[snapshot.length - 1];
    }

    private IndexFile newFile() {
        IndexFile previous = lastFile();
        long name = clock.millis();
        if (previous != null) {
            previous.flush();
            name = Math.max(name, Long.parseLong(previous.file().getFileName().toString()) + 1);
        }
        IndexFile file = IndexFile.create(directory.resolve(String.format("%020d", name)), slotCount, maxEntries);
        files.add(file);
        return file;
    }

    /**
     * Commit-log offsets of records indexed under {@code key} for {@code topic} and stored within [begin, end],
     * newest first, each offered to {@code verify} (which checks the record really carries the key), up to max.
     */
    public List<Long> query(String topic, String key, int max, long begin, long end, LongPredicate verify) {
        Set<Long> found = new LinkedHashSet<>();
        String indexKey = key(topic, key);
        List<IndexFile> snapshot = new ArrayList<>(files);
        for (int i = snapshot.size() - 1; i >= 0 && found.size() < max; i--) {
            IndexFile file = snapshot.get(i);
            if (file.entryCount() == 0 || file.endTimestamp() < begin - 1000 || file.beginTimestamp() > end) {
                continue;
            }
            int wanted = max - found.size();
            file.query(indexKey, begin, end, wanted, offset -> !found.contains(offset) && verify.test(offset)
                    && found.add(offset));
        }
        return new ArrayList<>(found);
    }

    public void flush() {
        files.forEach(IndexFile::flush);
    }

    /** Deletes index files (never the current one) whose every entry points below the commit log's first offset. */
    public synchronized void deleteBelow(long commitLogMinOffset) {
        while (files.size() > 1 && files.get(0).endPhyOffset() < commitLogMinOffset) {
            IndexFile oldest = files.remove(0);
            oldest.delete();
        }
    }

    /**
     * Forgets every entry from the first one pointing at or past {@code commitLogOffset} on (a truncated commit
     * log). Entries are in dispatch order, and dispatch only restarts at points it had passed before, so any entry
     * below the cut that follows that first one is a re-dispatch duplicate of an earlier entry: nothing below the
     * cut is lost. Later files are deleted, the file holding that entry is rolled back (and deleted when emptied).
     */
    public synchronized void truncateFrom(long commitLogOffset) {
        int holder = 0;
        while (holder < files.size() && files.get(holder).endPhyOffset() < commitLogOffset) {
            holder++;
        }
        for (int i = files.size() - 1; i > holder; i--) {
            files.remove(i).delete();
        }
        if (holder < files.size() && files.get(holder).truncateFrom(commitLogOffset) == 0) {
            files.remove(holder).delete();
        }
    }

    /** Store time of the newest indexed record (0 before the first). */
    public long lastUpdateTimestamp() {
        IndexFile last = lastFile();
        return last == null ? 0 : last.endTimestamp();
    }

    /** Commit-log offset of the newest indexed record (0 before the first). */
    public long lastUpdatePhyOffset() {
        IndexFile last = lastFile();
        return last == null ? 0 : last.endPhyOffset();
    }

    public int fileCount() {
        return files.size();
    }
}
