package io.cometmq.broker.store.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongPredicate;

/**
 * One hash-slot index file (RocketMQ's layout, wire protocol §9.3, with configurable sizes).
 *
 * <pre>
 *  header (40 bytes): i64 beginTimestamp | i64 endTimestamp | i64 beginPhyOffset | i64 endPhyOffset
 *                     | i32 usedSlotCount | i32 indexCount (starts at 1: entry 0 means "none")
 *  slots  (slotCount x 4): i32 number of the newest entry whose key hashes to the slot
 *  entries (maxEntries x 20): i32 keyHash | i64 commitLogOffset | i32 seconds since beginTimestamp
 *                     | i32 previous entry with the same slot (a chain, newest first)
 * </pre>
 *
 * Keys collide on hash, so results are candidates that the caller verifies against the commit log. Only the
 * dispatcher writes; queries are rare, so both simply synchronise on the file.
 */
public final class IndexFile {
    static final int HEADER_SIZE = 40;
    static final int ENTRY_SIZE = 20;
    private static final int POS_BEGIN_TIMESTAMP = 0;
    private static final int POS_END_TIMESTAMP = 8;
    private static final int POS_BEGIN_OFFSET = 16;
    private static final int POS_END_OFFSET = 24;
    private static final int POS_USED_SLOTS = 32;
    private static final int POS_INDEX_COUNT = 36;

    private final Path file;
    private final int slotCount;
    private final int maxEntries;
    private final MappedByteBuffer map;
    private boolean dirty;

    private IndexFile(Path file, int slotCount, int maxEntries, MappedByteBuffer map) {
        this.file = file;
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
        this.map = map;
    }

    public static IndexFile create(Path file, int slotCount, int maxEntries) {
        IndexFile index = map(file, slotCount, maxEntries, true);
        index.map.putInt(POS_INDEX_COUNT, 1);
        return index;
    }

    public static IndexFile open(Path file, int slotCount, int maxEntries) {
        IndexFile index = map(file, slotCount, maxEntries, false);
        int count = index.map.getInt(POS_INDEX_COUNT);
        if (count < 1 || count > maxEntries) {
            throw new IllegalStateException("index file " + file + " has bad entry count " + count);
        }
        return index;
    }

    private static IndexFile map(Path file, int slotCount, int maxEntries, boolean create) {
        long size = HEADER_SIZE + (long) slotCount * 4 + (long) maxEntries * ENTRY_SIZE;
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = create
                    ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (!create && channel.size() != size) {
                    throw new IOException("index file " + file + " has " + channel.size() + " bytes, expected " + size
                            + " (slot/entry counts changed?)");
                }
                return new IndexFile(file, slotCount, maxEntries, channel.map(FileChannel.MapMode.READ_WRITE, 0, size));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map index file " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized boolean isFull() {
        return map.getInt(POS_INDEX_COUNT) >= maxEntries;
    }

    public synchronized long beginTimestamp() {
        return map.getLong(POS_BEGIN_TIMESTAMP);
    }

    public synchronized long endTimestamp() {
        return map.getLong(POS_END_TIMESTAMP);
    }

    public synchronized long endPhyOffset() {
        return map.getLong(POS_END_OFFSET);
    }

    public synchronized int entryCount() {
        return map.getInt(POS_INDEX_COUNT) - 1;
    }

    /** Adds one key; false when the file is full. */
    public synchronized boolean put(String key, long commitLogOffset, long storeTimestamp) {
        int count = map.getInt(POS_INDEX_COUNT);
        if (count >= maxEntries) {
            return false;
        }
        if (count == 1) {
            map.putLong(POS_BEGIN_TIMESTAMP, storeTimestamp);
            map.putLong(POS_BEGIN_OFFSET, commitLogOffset);
        }
        int hash = keyHash(key);
        int slotPosition = HEADER_SIZE + (hash % slotCount) * 4;
        int previous = map.getInt(slotPosition);
        if (previous <= 0 || previous >= count) {
            previous = 0;
        }
        long diffSeconds = (storeTimestamp - map.getLong(POS_BEGIN_TIMESTAMP)) / 1000;
        int entryPosition = entryPosition(count);
        map.putInt(entryPosition, hash);
        map.putLong(entryPosition + 4, commitLogOffset);
        map.putInt(entryPosition + 12, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, diffSeconds)));
        map.putInt(entryPosition + 16, previous);
        map.putInt(slotPosition, count);
        if (previous == 0) {
            map.putInt(POS_USED_SLOTS, map.getInt(POS_USED_SLOTS) + 1);
        }
        map.putLong(POS_END_TIMESTAMP, Math.max(storeTimestamp, map.getLong(POS_END_TIMESTAMP)));
        map.putLong(POS_END_OFFSET, Math.max(commitLogOffset, map.getLong(POS_END_OFFSET)));
        map.putInt(POS_INDEX_COUNT, count + 1);
        dirty = true;
        return true;
    }

    /**
     * Walks the key's chain, newest first, offering each offset stored within [begin, end] (at one-second
     * precision) to {@code accept}, until it has accepted {@code max}.
     *
     * @return how many offsets were accepted
     */
    public synchronized int query(String key, long begin, long end, int max, LongPredicate accept) {
        int count = map.getInt(POS_INDEX_COUNT);
        int hash = keyHash(key);
        long base = map.getLong(POS_BEGIN_TIMESTAMP);
        int entry = map.getInt(HEADER_SIZE + (hash % slotCount) * 4);
        int accepted = 0;
        // Chains only point to older entries; the check also stops a loop in a file damaged by a machine crash.
        int bound = count;
        while (entry > 0 && entry < bound && accepted < max) {
            int position = entryPosition(entry);
            if (map.getInt(position) == hash) {
                long approximateTime = base + map.getInt(position + 12) * 1000L;
                if (approximateTime + 999 >= begin && approximateTime <= end
                        && accept.test(map.getLong(position + 4))) {
                    accepted++;
                }
            }
            bound = entry;
            entry = map.getInt(position + 16);
        }
        return accepted;
    }

    /**
     * Removes the first entry pointing at or past {@code commitLogOffset} and every later one (a truncated commit
     * log), newest first: each removed entry is the head of its slot's chain then, so the slot goes back to the
     * entry's predecessor. The end offset and time are recomputed from the entries kept (the time to the second,
     * which is all the entries store). Forced to disk, so a restart does not bring the entries back.
     *
     * @return the number of entries left
     */
    public synchronized int truncateFrom(long commitLogOffset) {
        int count = map.getInt(POS_INDEX_COUNT);
        int keep = 1;
        long endOffset = 0;
        int endSeconds = 0;
        for (; keep < count; keep++) {
            int position = entryPosition(keep);
            long offset = map.getLong(position + 4);
            if (offset >= commitLogOffset) {
                break;
            }
            endOffset = Math.max(endOffset, offset);
            endSeconds = Math.max(endSeconds, map.getInt(position + 12));
        }
        if (keep == count) {
            return count - 1;
        }
        for (int entry = count - 1; entry >= keep; entry--) {
            int position = entryPosition(entry);
            int slotPosition = HEADER_SIZE + (map.getInt(position) % slotCount) * 4;
            int previous = map.getInt(position + 16);
            map.putInt(slotPosition, previous > 0 && previous < entry ? previous : 0);
            if (map.getInt(slotPosition) == 0) {
                map.putInt(POS_USED_SLOTS, map.getInt(POS_USED_SLOTS) - 1);
            }
            map.put(position, new byte[ENTRY_SIZE]);
        }
        if (keep == 1) {
            map.put(0, new byte[HEADER_SIZE - 4]); // back to a fresh file: put sets the begin fields again
        } else {
            map.putLong(POS_END_TIMESTAMP, map.getLong(POS_BEGIN_TIMESTAMP) + endSeconds * 1000L);
            map.putLong(POS_END_OFFSET, endOffset);
        }
        map.putInt(POS_INDEX_COUNT, keep);
        map.force();
        dirty = false;
        return keep - 1;
    }

    public synchronized void flush() {
        if (dirty) {
            map.force();
            dirty = false;
        }
    }

    public synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete index file " + file, e);
        }
    }

    private int entryPosition(int entry) {
        return HEADER_SIZE + slotCount * 4 + entry * ENTRY_SIZE;
    }

    static int keyHash(String key) {
        int hash = key.hashCode();
        return hash == Integer.MIN_VALUE ? 0 : Math.abs(hash);
    }
}
