package io.cometmq.broker.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The segments of one log (commit log or one consume queue) in a directory, by base offset. Segments are
 * contiguous: each one starts where the previous one's file ends. Structural changes (create, delete, truncate) are
 * made by the log's single writer; lookups are lock-free over a skip-list map.
 */
public final class SegmentList {
    private final Path directory;
    private final int segmentSize;
    private final ConcurrentSkipListMap<Long, MappedSegment> segments = new ConcurrentSkipListMap<>();

    public SegmentList(Path directory, int segmentSize) {
        if (segmentSize <= 0) {
            throw new IllegalArgumentException("segment size must be positive: " + segmentSize);
        }
        this.directory = directory;
        this.segmentSize = segmentSize;
    }

    /** Maps every segment file in the directory; all are considered full until the owner's recovery says otherwise. */
    public SegmentList load() {
        if (!Files.isDirectory(directory)) {
            return this;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> SegmentFiles.baseOffset(file).ifPresent(base -> {
                if (base % segmentSize != 0) {
                    throw new IllegalStateException("segment " + file + " does not start at a multiple of "
                            + segmentSize);
                }
                segments.put(base, MappedSegment.open(file, base, segmentSize));
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        long expected = segments.isEmpty() ? 0 : segments.firstKey();
        for (long base : segments.keySet()) {
            if (base != expected) {
                throw new IllegalStateException("segment gap in " + directory + ": expected "
                        + SegmentFiles.fileName(expected) + " but found " + SegmentFiles.fileName(base));
            }
            expected += segmentSize;
        }
        return this;
    }

    public Path directory() {
        return directory;
    }

    public int segmentSize() {
        return segmentSize;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public int count() {
        return segments.size();
    }

    public MappedSegment first() {
        Map.Entry<Long, MappedSegment> entry = segments.firstEntry();
        return entry == null ? null : entry.getValue();
    }

    public MappedSegment last() {
        Map.Entry<Long, MappedSegment> entry = segments.lastEntry();
        return entry == null ? null : entry.getValue();
    }

    /** The segment holding {@code offset}, or null if it was deleted or not yet created. */
    public MappedSegment find(long offset) {
        Map.Entry<Long, MappedSegment> entry = segments.floorEntry(offset);
        if (entry == null || !entry.getValue().contains(offset)) {
            return null;
        }
        return entry.getValue();
    }

    public MappedSegment next(MappedSegment segment) {
        Map.Entry<Long, MappedSegment> entry = segments.higherEntry(segment.baseOffset());
        return entry == null ? null : entry.getValue();
    }

    public List<MappedSegment> all() {
        return new ArrayList<>(segments.values());
    }

    /** The last segment if it has room, otherwise a new one after it (the first one starts at {@code firstBase}). */
    public MappedSegment writableSegment(long firstBase) {
        MappedSegment last = last();
        if (last != null && !last.isFull()) {
            return last;
        }
        return createAt(last == null ? firstBase : last.baseOffset() + segmentSize);
    }

    public MappedSegment createAt(long baseOffset) {
        if (baseOffset % segmentSize != 0) {
            throw new IllegalArgumentException("base offset " + baseOffset + " is not a multiple of " + segmentSize);
        }
        MappedSegment last = last();
        if (last != null && baseOffset != last.baseOffset() + segmentSize) {
            throw new IllegalStateException("new segment at " + baseOffset + " would not follow " + last);
        }
        MappedSegment segment = MappedSegment.create(directory, baseOffset, segmentSize);
        segments.put(baseOffset, segment);
        return segment;
    }

    /** Smallest offset still on disk (0 when empty). */
    public long minOffset() {
        MappedSegment first = first();
        return first == null ? 0 : first.baseOffset();
    }

    /** Offset just past the last published byte (0 when empty). */
    public long maxOffset() {
        MappedSegment last = last();
        return last == null ? 0 : last.endOffset();
    }

    /** Offset up to which everything is on disk. */
    public long flushedOffset() {
        for (MappedSegment segment : segments.descendingMap().values()) {
            if (segment.flushedPosition() > 0) {
                return segment.baseOffset() + segment.flushedPosition();
            }
        }
        return minOffset();
    }

    /** Forces every segment from the one holding {@code fromOffset} on; returns the new flushed offset. */
    public long flush(long fromOffset) {
        Map.Entry<Long, MappedSegment> start = segments.floorEntry(fromOffset);
        Map<Long, MappedSegment> tail = start == null ? segments : segments.tailMap(start.getKey(), true);
        long flushed = fromOffset;
        for (MappedSegment segment : tail.values()) {
            segment.flush();
            flushed = segment.baseOffset() + segment.flushedPosition();
        }
        return flushed;
    }

    /** Drops everything at and after {@code offset}: later segments are deleted, the one holding it is cut. */
    public void truncateFrom(long offset) {
        for (MappedSegment segment : new ArrayList<>(segments.tailMap(offset, false).values())) {
            remove(segment);
        }
        MappedSegment holder = find(offset);
        if (holder != null) {
            holder.truncate((int) (offset - holder.baseOffset()));
        }
    }

    /** Deletes the oldest segment and returns it (null when empty). */
    public MappedSegment removeFirst() {
        MappedSegment first = first();
        if (first != null) {
            remove(first);
        }
        return first;
    }

    public void remove(MappedSegment segment) {
        segments.remove(segment.baseOffset(), segment);
        segment.delete();
    }

    public void deleteAll() {
        for (MappedSegment segment : all()) {
            remove(segment);
        }
    }
}
