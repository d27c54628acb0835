package io.cometmq.broker.store.queue;

import io.cometmq.broker.store.file.MappedSegment;
import io.cometmq.broker.store.file.SegmentList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The logical queue of one (topic, queueId): {@code <root>/consumequeue/<topic>/<queueId>/<20-digit byte offset>}.
 *
 * <pre>
 *  entry (20 bytes) = i64 commitLogOffset | i32 size | i64 tagsCode
 *  queue offset     = byte position / 20
 *  filler entry     = commitLogOffset -1, size 0 (a gap in queue offsets; readers skip it)
 * </pre>
 *
 * Only the dispatcher thread writes; readers use slices and the volatile segment positions. {@code maxOffset} is
 * the next offset to be written; {@code minOffset} the first entry whose message is still in the commit log.
 */
public final class ConsumeQueue {
    public static final int ENTRY_SIZE = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);

    private final String topic;
    private final int queueId;
    private final SegmentList segments;
    private volatile long minOffset;

    private static final int PAGE_SIZE = 4096;

    public ConsumeQueue(Path directory, String topic, int queueId, int entriesPerFile) {
        this.topic = topic;
        this.queueId = queueId;
        this.segments = new SegmentList(directory, entriesPerFile * ENTRY_SIZE);
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** Maps existing files and finds where the entries end (the first empty or torn entry of the last file). */
    public synchronized ConsumeQueue load() {
        segments.load();
        MappedSegment last = segments.last();
        if (last == null) {
            return this;
        }
        ByteBuffer raw = last.rawView();
        int position = 0;
        if (last == segments.first()) {
            // A queue that began mid-file (its first offset was not 0) starts with zero entries.
            while (position < last.size() && isZero(raw, position)) {
                position += ENTRY_SIZE;
            }
            if (position == last.size()) {
                position = 0;
            }
        }
        while (position < last.size() && isWhole(raw, position)) {
            position += ENTRY_SIZE;
        }
        last.truncate(position);
        minOffset = firstEntryOffset();
        return this;
    }

    private long firstEntryOffset() {
        MappedSegment first = segments.first();
        if (first == null) {
            return 0;
        }
        ByteBuffer raw = first.rawView();
        int position = 0;
        while (position < first.writePosition() && isZero(raw, position)) {
            position += ENTRY_SIZE;
        }
        return (first.baseOffset() + position) / ENTRY_SIZE;
    }

    private static boolean isZero(ByteBuffer raw, int position) {
        return raw.getLong(position) == 0 && raw.getInt(position + 8) == 0 && raw.getLong(position + 12) == 0;
    }

    private static boolean isWhole(ByteBuffer raw, int position) {
        long offset = raw.getLong(position);
        int size = raw.getInt(position + 8);
        return (offset >= 0 && size > 0) || (offset == -1 && size == 0);
    }

    /**
     * Writes the entry for {@code queueOffset}. Re-dispatch after a restart may offer entries the queue already has;
     * those are skipped, which makes dispatching idempotent.
     */
    public synchronized void put(long queueOffset, long commitLogOffset, int size, long tagsCode) {
        long max = maxOffset();
        if (queueOffset < max && !segments.isEmpty()) {
            return;
        }
        if (segments.isEmpty() && queueOffset > 0) {
            startAt(queueOffset);
        } else if (queueOffset > max) {
            LOG.warn("consume queue {}-{}: gap from {} to {}, filling", topic, queueId, max, queueOffset);
            for (long filler = max; filler < queueOffset; filler++) {
                write(-1, 0, 0);
            }
        }
        write(commitLogOffset, size, tagsCode);
    }

    private void startAt(long queueOffset) {
        long bytes = queueOffset * ENTRY_SIZE;
        long base = bytes - bytes % segments.segmentSize();
        MappedSegment segment = segments.createAt(base);
        segment.setRecoveredPosition((int) (bytes - base));
        minOffset = queueOffset;
    }

    private void write(long commitLogOffset, int size, long tagsCode) {
        MappedSegment segment = segments.writableSegment(0);
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE).putLong(commitLogOffset).putInt(size).putLong(tagsCode)
                .flip();
        segment.append(entry);
    }

    /** The entry at a logical offset, or null when it is outside the queue or its file is gone. */
    public ConsumeQueueEntry entryAt(long queueOffset) {
        ByteBuffer entries = entries(queueOffset, 1);
        if (entries == null || entries.remaining() < ENTRY_SIZE) {
            return null;
        }
        return new ConsumeQueueEntry(queueOffset, entries.getLong(0), entries.getInt(8), entries.getLong(12));
    }

    /**
     * Up to {@code maxEntries} raw entries from {@code queueOffset}, all from one file; null when the file holding
     * that offset no longer exists.
     */
    public ByteBuffer entries(long queueOffset, int maxEntries) {
        if (queueOffset < 0 || queueOffset >= maxOffset()) {
            return null;
        }
        long bytes = queueOffset * ENTRY_SIZE;
        MappedSegment segment = segments.find(bytes);
        if (segment == null) {
            return null;
        }
        // Whole entries only; none when a truncation just cut the queue below the offset read above.
        ByteBuffer raw = segment.readable((int) (bytes - segment.baseOffset()),
                (int) Math.min((long) maxEntries * ENTRY_SIZE, Integer.MAX_VALUE));
        return raw.limit(raw.remaining() / ENTRY_SIZE * ENTRY_SIZE);
    }

    /** The first offset of the file after the one holding {@code queueOffset} (where a reader skips a lost file). */
    public long nextFileStart(long queueOffset) {
        long entriesPerFile = segments.segmentSize() / ENTRY_SIZE;
        return (queueOffset / entriesPerFile + 1) * entriesPerFile;
    }

    public long maxOffset() {
        return segments.maxOffset() / ENTRY_SIZE;
    }

    public long minOffset() {
        return minOffset;
    }

    /**
     * Drops trailing entries whose message ends after {@code commitLogEnd} (and trailing empty or filler entries);
     * recovery calls it with the dispatch restart point, so re-dispatch rewrites exactly what was dropped.
     */
    public synchronized void truncateBeyond(long commitLogEnd) {
        long max = maxOffset();
        long keep = max;
        while (keep > minOffset) {
            ConsumeQueueEntry last = entryAt(keep - 1);
            if (last != null && !last.isFiller() && last.size() > 0 && last.commitLogEnd() <= commitLogEnd) {
                break;
            }
            keep--;
        }
        if (keep < max) {
            LOG.info("consume queue {}-{}: dropping entries [{}, {}) beyond commit-log offset {}", topic, queueId, keep,
                    max, commitLogEnd);
            segments.truncateFrom(keep * ENTRY_SIZE);
            if (keep <= minOffset) {
                minOffset = keep;
            }
        }
    }

    /** Deletes whole files whose messages are all below the commit log's first offset, then moves minOffset. */
    public synchronized void deleteBelow(long commitLogMinOffset) {
        while (segments.count() > 1) {
            MappedSegment first = segments.first();
            long lastInFirst = (first.baseOffset() + first.size()) / ENTRY_SIZE - 1;
            ConsumeQueueEntry entry = entryAt(lastInFirst);
            if (entry == null || entry.isFiller() || entry.commitLogOffset() >= commitLogMinOffset) {
                break;
            }
            segments.remove(first);
        }
        correctMinOffset(commitLogMinOffset);
    }

    /** Moves minOffset forward past entries whose message was deleted from the commit log. */
    public synchronized void correctMinOffset(long commitLogMinOffset) {
        long min = Math.max(minOffset, segments.minOffset() / ENTRY_SIZE);
        long max = maxOffset();
        while (min < max) {
            ConsumeQueueEntry entry = entryAt(min);
            if (entry != null && !entry.isFiller() && entry.commitLogOffset() >= commitLogMinOffset) {
                break;
            }
            min++;
        }
        minOffset = min;
    }

    public void flush() {
        segments.flush(segments.flushedOffset());
    }

    /**
     * Flushes only when at least {@code leastPages} pages are unflushed (0: whenever anything is). Forcing a queue
     * that took a few entries costs a disk write for each, and the next entry then faults its page back in while
     * the file system commits; with thousands of queues that throttled dispatch to tens of new queues a second.
     */
    public void flush(int leastPages) {
        long flushed = segments.flushedOffset();
        long unflushed = segments.maxOffset() - flushed;
        if (unflushed > 0 && unflushed >= (long) leastPages * PAGE_SIZE) {
            segments.flush(flushed);
        }
    }

    /** Bytes of this queue's files known to be on disk. */
    long flushedOffset() {
        return segments.flushedOffset();
    }

    public void deleteFiles() {
        segments.deleteAll();
    }
}
