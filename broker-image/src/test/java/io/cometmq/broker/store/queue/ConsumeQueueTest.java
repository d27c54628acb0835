package io.cometmq.broker.store.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumeQueueTest {
    private static final int ENTRIES_PER_FILE = 4;

    @TempDir
    Path dir;

    private ConsumeQueue queue() {
        return new ConsumeQueue(dir, "T", 0, ENTRIES_PER_FILE).load();
    }

    private static void fill(ConsumeQueue queue, int count) {
        for (int i = 0; i < count; i++) {
            queue.put(i, 100L * i, 100, 7 + i);
        }
    }

    @Test
    void entriesAre20BytesInFilesNamedByByteOffset() {
        ConsumeQueue queue = queue();
        fill(queue, 10);

        assertThat(queue.maxOffset()).isEqualTo(10);
        assertThat(queue.entryAt(5)).isEqualTo(new ConsumeQueueEntry(5, 500, 100, 12));
        assertThat(Files.exists(dir.resolve("00000000000000000080"))).isTrue(); // 4 entries x 20 bytes
        assertThat(queue.entries(5, 100).remaining()).isEqualTo(3 * ConsumeQueue.ENTRY_SIZE); // stops at file end
    }

    @Test
    void redispatchedEntriesAreSkippedSoDispatchIsIdempotent() {
        ConsumeQueue queue = queue();
        fill(queue, 3);
        queue.put(1, 999, 1, 1);

        assertThat(queue.maxOffset()).isEqualTo(3);
        assertThat(queue.entryAt(1).commitLogOffset()).isEqualTo(100);
    }

    @Test
    void queueWhoseFirstMessageHasANonZeroOffsetStartsThereAndReloadsSo() {
        ConsumeQueue queue = queue();
        queue.put(6, 600, 100, 0);
        queue.put(7, 700, 100, 0);

        assertThat(queue.minOffset()).isEqualTo(6);
        ConsumeQueue reloaded = queue();
        assertThat(reloaded.minOffset()).isEqualTo(6);
        assertThat(reloaded.maxOffset()).isEqualTo(8);
    }

    @Test
    void reloadFindsTheEndAndDropsATornEntry() throws IOException {
        fill(queue(), 6);
        try (FileChannel channel = FileChannel.open(dir.resolve("00000000000000000080"), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).putLong(0, 1234), 2 * ConsumeQueue.ENTRY_SIZE); // offset, no size
        }

        ConsumeQueue reloaded = queue();

        assertThat(reloaded.maxOffset()).isEqualTo(6);
        reloaded.put(6, 600, 100, 0);
        assertThat(reloaded.entryAt(6).commitLogOffset()).isEqualTo(600);
    }

    @Test
    void entriesBeyondTheRecoveredCommitLogAreDropped() {
        ConsumeQueue queue = queue();
        fill(queue, 10);

        queue.truncateBeyond(650); // entries 0..5 end at <= 600; entry 6 ends at 700

        assertThat(queue.maxOffset()).isEqualTo(6);
        assertThat(queue.entryAt(6)).isNull();
    }

    @Test
    void gapInQueueOffsetsIsFilledWithEntriesReadersSkip() {
        ConsumeQueue queue = queue();
        queue.put(0, 0, 100, 0);
        queue.put(3, 300, 100, 0);

        assertThat(queue.maxOffset()).isEqualTo(4);
        assertThat(queue.entryAt(1).isFiller()).isTrue();
        assertThat(queue().maxOffset()).isEqualTo(4);
    }

    @Test
    void deletingBelowTheCommitLogMinimumRemovesWholeFilesAndMovesMinOffset() {
        ConsumeQueue queue = queue();
        fill(queue, 10);

        queue.deleteBelow(500);

        assertThat(queue.minOffset()).isEqualTo(5);
        assertThat(queue.entryAt(3)).isNull(); // its file is gone
        assertThat(Files.exists(dir.resolve("00000000000000000000"))).isFalse();
        assertThat(queue.maxOffset()).isEqualTo(10);
    }

    @Test
    void aPeriodicFlushWaitsForTheLeastPagesButAThoroughOneTakesAnything() {
        ConsumeQueue queue = new ConsumeQueue(dir, "T", 0, 1024).load(); // 20 KiB files: five pages
        fill(queue, 3);

        queue.flush(2);
        assertThat(queue.flushedOffset()).as("3 entries are less than 2 pages").isZero();
        queue.flush(0);
        assertThat(queue.flushedOffset()).isEqualTo(3 * ConsumeQueue.ENTRY_SIZE);

        for (int i = 3; i < 3 + 410; i++) { // 410 more entries: 8,200 bytes, just over two pages
            queue.put(i, 100L * i, 100, 7);
        }
        queue.flush(3);
        assertThat(queue.flushedOffset()).isEqualTo(3 * ConsumeQueue.ENTRY_SIZE);
        queue.flush(2);
        assertThat(queue.flushedOffset()).isEqualTo(413 * ConsumeQueue.ENTRY_SIZE);
        queue.flush();
        assertThat(queue.flushedOffset()).isEqualTo(413 * ConsumeQueue.ENTRY_SIZE);
    }
}
