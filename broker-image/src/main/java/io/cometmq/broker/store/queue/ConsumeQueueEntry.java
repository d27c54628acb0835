package io.cometmq.broker.store.queue;

/** One 20-byte consume-queue entry, with the logical offset it sits at. */
public record ConsumeQueueEntry(long queueOffset, long commitLogOffset, int size, long tagsCode) {

    /** Entries written to fill a gap in queue offsets point nowhere; readers skip them. */
    public boolean isFiller() {
        return commitLogOffset < 0;
    }

    public long commitLogEnd() {
        return commitLogOffset + size;
    }
}
