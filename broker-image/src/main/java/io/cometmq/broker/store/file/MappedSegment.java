package io.cometmq.broker.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fixed-size, memory-mapped file covering offsets {@code [baseOffset, baseOffset + size)}.
 *
 * <p>One writer at a time (the owner's lock) appends; it publishes bytes by writing the volatile
 * {@link #writePosition()} after the bytes, so a reader that reads the position first sees whole data. Readers get
 * {@link #slice} views and never move a shared buffer position.
 *
 * <p>The mapping is never unmapped explicitly: a pull response may still hold a slice of a segment that retention
 * just deleted, and touching an unmapped buffer crashes the JVM. The kernel keeps a deleted file's pages until the
 * garbage collector releases the mapping.
 */
public final class MappedSegment {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MappedSegment.class);
    private static final int FIRST_PAGE = 4096;

    private final Path file;
    private final long baseOffset;
    private final int size;
    private final MappedByteBuffer map;
    private volatile int writePosition;
    private volatile int flushedPosition;
    private volatile boolean deleted;

    private MappedSegment(Path file, long baseOffset, int size, MappedByteBuffer map, int writePosition) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.size = size;
        this.map = map;
        this.writePosition = writePosition;
        this.flushedPosition = writePosition;
    }

    /** Creates an empty segment file of {@code size} bytes (sparse until written). */
    public static MappedSegment create(Path directory, long baseOffset, int size) {
        Path file = SegmentFiles.path(directory, baseOffset);
        return map(file, baseOffset, size, 0, true);
    }

    /** Opens an existing segment, considered full until recovery says where its data ends. */
    public static MappedSegment open(Path file, long baseOffset, int size) {
        return map(file, baseOffset, size, size, false);
    }

    private static MappedSegment map(Path file, long baseOffset, int size, int writePosition, boolean create) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = create
                    ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long actual = channel.size();
                if (!create && actual > size) {
                    throw new IOException("segment " + file + " has " + actual + " bytes, expected " + size);
                }
                if (!create && actual < size) {
                    // A crash between creating the file and mapping it (which sizes it) leaves it short; nothing can
                    // have been stored in it, and mapping it below gives it its full size again.
                    LOG.warn("segment {} has {} bytes, expected {}: its creation was interrupted, extending it",
                            file, actual, size);
                }
                if (create) {
                    // The first store into a new file's mapping costs about a millisecond here (the fault has the
                    // file system start the file's first block); a write through the channel does the same in
                    // microseconds. It matters when thousands of queues each get their first entry.
                    channel.write(ByteBuffer.allocate(Math.min(size, FIRST_PAGE)), 0);
                }
                // The mapping stays valid after the channel closes.
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
                return new MappedSegment(file, baseOffset, size, map, writePosition);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map segment " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int size() {
        return size;
    }

    /** Offset just past the last published byte. */
    public long endOffset() {
        return baseOffset + writePosition;
    }

    public int writePosition() {
        return writePosition;
    }

    public int flushedPosition() {
        return flushedPosition;
    }

    public int remaining() {
        return size - writePosition;
    }

    public boolean isFull() {
        return writePosition == size;
    }

    public boolean contains(long offset) {
        return offset >= baseOffset && offset < baseOffset + size;
    }

    /** Appends bytes at the write position and publishes them; the caller holds the writer lock. */
    public int append(byte[] bytes) {
        return append(bytes, 0, bytes.length);
    }

    public int append(byte[] bytes, int offset, int length) {
        int position = writePosition;
        if (length > size - position) {
            throw new IllegalStateException("append of " + length + " bytes overflows " + file + " at " + position);
        }
        map.put(position, bytes, offset, length);
        writePosition = position + length;
        return position;
    }

    /** Appends from a buffer (its remaining bytes; the buffer's position is not moved). */
    public int append(ByteBuffer bytes) {
        int position = writePosition;
        int length = bytes.remaining();
        if (length > size - position) {
            throw new IllegalStateException("append of " + length + " bytes overflows " + file + " at " + position);
        }
        map.put(position, bytes, bytes.position(), length);
        writePosition = position + length;
        return position;
    }

    /**
     * Closes the segment with a blank record: writes {@code header} (TOTALSIZE + MAGIC) and publishes the rest of
     * the file as written, so readers and recovery skip to the next segment.
     */
    public void fillRemaining(byte[] header) {
        int position = writePosition;
        map.put(position, header, 0, header.length);
        writePosition = size;
    }

    /** A read-only view of published bytes; it shares memory but no position with other readers. */
    public ByteBuffer slice(int position, int length) {
        if (position < 0 || length < 0 || position + length > writePosition) {
            throw new IndexOutOfBoundsException("slice [" + position + ", " + (position + length) + ") outside "
                    + "written [0, " + writePosition + ") of " + file);
        }
        return map.slice(position, length).asReadOnlyBuffer();
    }

    /**
     * Up to {@code maxLength} published bytes from {@code position}: fewer, or none, near the write position. It
     * reads the write position once, so unlike {@link #slice} it cannot fail when a truncation lowers it meanwhile.
     */
    public ByteBuffer readable(int position, int maxLength) {
        int length = Math.max(0, Math.min(maxLength, writePosition - position));
        return map.slice(position, length).asReadOnlyBuffer();
    }

    /** All published bytes from {@code position}. */
    public ByteBuffer sliceFrom(int position) {
        return slice(position, writePosition - position);
    }

    /** The whole mapping including unpublished bytes, for recovery scans only. */
    public ByteBuffer rawView() {
        return map.duplicate();
    }

    /** Forces published but unflushed bytes to disk; returns the new flushed position. */
    public synchronized int flush() {
        int target = writePosition;
        int from = flushedPosition;
        if (target > from && !deleted) {
            map.force(from, target - from);
            flushedPosition = target;
        }
        return flushedPosition;
    }

    /**
     * Cuts the segment back to {@code position}: every non-zero byte after it is zeroed and flushed, so a torn write
     * cannot reappear as data after the next crash. Only pages that hold data are written, which keeps a sparse
     * file sparse. The lower write position is published first, so new readers stop at the cut before bytes vanish.
     */
    public synchronized void truncate(int position) {
        writePosition = position;
        flushedPosition = position;
        final int page = 4096;
        int cursor = position;
        while (cursor < size) {
            int chunkEnd = Math.min(size, (cursor / page + 1) * page);
            if (!isZero(cursor, chunkEnd)) {
                for (int i = cursor; i < chunkEnd; i++) {
                    map.put(i, (byte) 0);
                }
            }
            cursor = chunkEnd;
        }
        map.force();
    }

    /** Recovery found data up to here (already durable, so it counts as flushed). */
    public void setRecoveredPosition(int position) {
        if (position < 0 || position > size) {
            throw new IllegalArgumentException("position " + position + " outside segment " + file);
        }
        writePosition = position;
        flushedPosition = position;
    }

    public long lastModifiedMillis() {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0L;
        }
    }

    public synchronized void delete() {
        deleted = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete segment " + file, e);
        }
    }

    public boolean isDeleted() {
        return deleted;
    }

    private boolean isZero(int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (map.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (map.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return file + " [write " + writePosition + ", flushed " + flushedPosition + "/" + size + "]";
    }
}
