package io.cometmq.broker.store.commitlog;

import io.cometmq.broker.store.file.MappedSegment;
import io.cometmq.broker.store.file.SegmentList;
import io.cometmq.broker.store.message.MessageLayout;
import io.cometmq.broker.store.message.MessageRecord;
import io.cometmq.broker.store.message.OffsetMessageId;
import io.cometmq.broker.store.message.RecordInspector;
import io.cometmq.broker.store.message.RecordInspector.Inspection;
import io.cometmq.broker.store.message.RecordInspector.Kind;
import io.cometmq.broker.store.message.StoredMessageView;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * All messages of all topics, appended to fixed-size mapped segments ({@code <root>/commitlog/<20-digit offset>}).
 *
 * <p>One writer lock orders appends: inside it a record gets its queue offset, physical offset and store time and is
 * copied into the segment (it was serialised before the lock). A record never spans two files: when it does not fit
 * with 8 bytes to spare, the rest of the file becomes a blank record and the record goes to the next file.
 */
public final class CommitLog {
    private final SegmentList segments;
    private final QueueOffsetTable queueOffsets = new QueueOffsetTable();
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object flushLock = new Object();
    private volatile long flushedOffset;
    private volatile Runnable appendListener = () -> { };

    public CommitLog(Path directory, int segmentSize, Clock clock) {
        this.segments = new SegmentList(directory, segmentSize);
        this.clock = clock;
    }

    /** Maps the existing files; {@link CommitLogRecovery} must run before the first append. */
    public void load() {
        segments.load();
    }

    /** Adopts the recovery result: everything up to {@code end} is whole and on disk. */
    void recovered(long end) {
        flushedOffset = end;
    }

    /** Called after every append, outside the lock (wakes the dispatcher). */
    public void setAppendListener(Runnable listener) {
        this.appendListener = listener;
    }

    public AppendResult append(MessageRecord record) {
        return appendBatch(List.of(record)).get(0);
    }

    /** Appends records consecutively under one lock; records of the same queue get consecutive queue offsets. */
    public List<AppendResult> appendBatch(List<MessageRecord> records) {
        for (MessageRecord record : records) {
            if (record.size() + MessageLayout.BLANK_HEADER_SIZE > segments.segmentSize()) {
                return List.of(AppendResult.failed(AppendStatus.RECORD_LARGER_THAN_SEGMENT));
            }
        }
        List<long[]> placed = new ArrayList<>(records.size());
        writeLock.lock();
        try {
            for (MessageRecord record : records) {
                placed.add(appendLocked(record));
            }
        } finally {
            writeLock.unlock();
        }
        List<AppendResult> results = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            MessageRecord record = records.get(i);
            long[] at = placed.get(i);
            // The hex id is built outside the lock: it is the only string work on the append path.
            results.add(new AppendResult(AppendStatus.APPENDED, at[0], record.size(), at[1], at[2],
                    OffsetMessageId.encode(record.storeHostBytes(), at[0])));
        }
        appendListener.run();
        return results;
    }

    /** @return physical offset, queue offset, store timestamp */
    private long[] appendLocked(MessageRecord record) {
        MappedSegment segment = segments.writableSegment(0);
        if (record.size() + MessageLayout.BLANK_HEADER_SIZE > segment.remaining()) {
            segment.fillRemaining(blankHeader(segment.remaining()));
            segment = segments.writableSegment(0);
        }
        long physicalOffset = segment.baseOffset() + segment.writePosition();
        long queueOffset = record.takesQueueOffset() ? queueOffsets.next(record.topic(), record.queueId()) : 0L;
        long storeTimestamp = clock.millis();
        record.stamp(queueOffset, physicalOffset, storeTimestamp);
        segment.append(record.bytes());
        if (record.takesQueueOffset()) {
            queueOffsets.assigned(record.topic(), record.queueId(), queueOffset);
        }
        return new long[] {physicalOffset, queueOffset, storeTimestamp};
    }

    private static byte[] blankHeader(int remaining) {
        return ByteBuffer.allocate(MessageLayout.BLANK_HEADER_SIZE).putInt(remaining).putInt(MessageLayout.MAGIC_BLANK)
                .array();
    }

    /**
     * Slave side of replication: appends bytes copied from the master's log at the same offset. Chunks must not
     * cross a segment boundary (the master reads them from one segment, and both sides use the same segment size).
     *
     * @return the new max offset
     */
    public long appendRaw(long offset, ByteBuffer data) {
        writeLock.lock();
        try {
            long max = maxOffset();
            if (segments.isEmpty()) {
                max = offset - offset % segments.segmentSize();
            }
            if (offset != max) {
                throw new IllegalArgumentException("raw append at " + offset + " but the log ends at " + max);
            }
            MappedSegment segment = segments.writableSegment(max);
            if (data.remaining() > segment.remaining()) {
                throw new IllegalArgumentException("raw chunk of " + data.remaining() + " bytes crosses the end of "
                        + segment.file());
            }
            segment.append(data);
        } finally {
            writeLock.unlock();
        }
        appendListener.run();
        return maxOffset();
    }

    /** Runs {@code action} with appends (puts and raw appends) blocked, e.g. a change spanning log and queues. */
    public void whileAppendsBlocked(Runnable action) {
        writeLock.lock();
        try {
            action.run();
        } finally {
            writeLock.unlock();
        }
    }

    /** Whether {@link #truncate} at {@code offset} leaves no segment at all (the cut is at or below the first byte). */
    public boolean truncationEmpties(long offset) {
        return offset == 0 || offset < minOffset();
    }

    /**
     * Cuts the log at {@code offset} (a record boundary or segment base): the tail of the segment holding it is
     * zeroed and forced, later segments are deleted, and the flushed offset drops to it, so neither readers nor a
     * restart see the cut bytes again. A cut at or below the first byte deletes every segment; the next raw append
     * may then start at any segment base. Only inside {@link #whileAppendsBlocked}.
     */
    public void truncate(long offset) {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("truncate needs appends blocked");
        }
        if (offset < 0 || offset > maxOffset()) {
            throw new IllegalArgumentException("cannot truncate at " + offset + ": the log is [" + minOffset() + ", "
                    + maxOffset() + ")");
        }
        if (truncationEmpties(offset)) {
            segments.deleteAll();
        } else {
            segments.truncateFrom(offset);
        }
        synchronized (flushLock) {
            flushedOffset = Math.min(flushedOffset, offset);
        }
    }

    /**
     * The start of the record holding {@code offset}: the offset itself when a record (or the blank closing a
     * segment) starts there or the log ends there. Walks the segment from its base; stops early at bytes that do not
     * parse, since a cut there is what recovery would make anyway.
     */
    public long recordStartAtOrBefore(long offset) {
        MappedSegment segment = segments.find(offset);
        if (segment == null || offset >= maxOffset()) {
            return offset;
        }
        int limit = segment.writePosition();
        int target = (int) (offset - segment.baseOffset());
        ByteBuffer data = segment.slice(0, limit);
        int position = 0;
        while (position < target) {
            Inspection inspection = RecordInspector.inspect(data, position, limit, segment.baseOffset() + position,
                    false);
            boolean whole = inspection.kind() == Kind.MESSAGE || inspection.kind() == Kind.BLANK;
            if (!whole || position + inspection.size() > target) {
                break;
            }
            position += inspection.size();
        }
        return segment.baseOffset() + position;
    }

    /** Up to {@code maxBytes} raw bytes from {@code offset}, from one segment (empty when nothing is there). */
    public ByteBuffer readRaw(long offset, int maxBytes) {
        MappedSegment segment = segments.find(offset);
        if (segment == null) {
            return ByteBuffer.allocate(0);
        }
        return segment.readable((int) (offset - segment.baseOffset()), maxBytes);
    }

    /** The record bytes at {@code offset} with a known size, or null when that part of the log is gone. */
    public ByteBuffer read(long offset, int size) {
        MappedSegment segment = segments.find(offset);
        if (segment == null) {
            return null;
        }
        ByteBuffer record = segment.readable((int) (offset - segment.baseOffset()), size);
        return record.remaining() == size ? record : null;
    }

    /** Decodes the message at {@code offset} (reading its size first), or null if there is none. */
    public StoredMessageView messageAt(long offset) {
        MappedSegment segment = segments.find(offset);
        if (segment == null) {
            return null;
        }
        int position = (int) (offset - segment.baseOffset());
        ByteBuffer header = segment.readable(position, MessageLayout.BLANK_HEADER_SIZE);
        if (header.remaining() < MessageLayout.BLANK_HEADER_SIZE) {
            return null;
        }
        int size = header.getInt(0);
        int magic = header.getInt(MessageLayout.POS_MAGIC);
        boolean message = magic == MessageLayout.MAGIC_V1 || magic == MessageLayout.MAGIC_V2;
        if (!message || size <= MessageLayout.POS_BORN_HOST) {
            return null;
        }
        ByteBuffer record = segment.readable(position, size);
        // Every record carries its own offset: this rejects offsets that point into the middle of a record, such as
        // a stale index entry for a record that was cut and replaced by different ones.
        if (record.remaining() < size || record.getLong(MessageLayout.POS_PHYSICAL_OFFSET) != offset) {
            return null;
        }
        return new StoredMessageView(record);
    }

    /** Forces written bytes to disk; returns the offset now durable. */
    public long flush() {
        synchronized (flushLock) {
            long flushed = segments.flush(flushedOffset);
            flushedOffset = Math.max(flushedOffset, flushed);
            return flushedOffset;
        }
    }

    public long flushedOffset() {
        return flushedOffset;
    }

    public long maxOffset() {
        return segments.maxOffset();
    }

    public long minOffset() {
        return segments.minOffset();
    }

    public int segmentSize() {
        return segments.segmentSize();
    }

    public SegmentList segments() {
        return segments;
    }

    public QueueOffsetTable queueOffsets() {
        return queueOffsets;
    }

    /** Deletes the oldest segment if its data ends at or before {@code safeOffset}; returns whether it did. */
    public boolean deleteOldestSegmentBefore(long safeOffset) {
        writeLock.lock();
        try {
            MappedSegment first = segments.first();
            if (first == null || first == segments.last() || first.baseOffset() + first.size() > safeOffset) {
                return false;
            }
            segments.remove(first);
            return true;
        } finally {
            writeLock.unlock();
        }
    }
}
