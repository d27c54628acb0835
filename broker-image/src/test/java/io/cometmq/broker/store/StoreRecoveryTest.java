package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.AppendResult;
import io.cometmq.broker.store.message.MessageLayout;
import io.cometmq.broker.store.message.StoredMessageView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.cometmq.broker.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Restarts after clean shutdowns and simulated kill -9 crashes with torn tails and lost derived data. */
class StoreRecoveryTest {
    private static final int COMMIT_LOG_FILE = 4096;

    @TempDir
    Path root;
    private DefaultMessageStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.shutdown();
        }
    }

    private List<AppendResult> putAll(int count, int queues, String prefix) {
        List<AppendResult> acknowledged = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PutResult result = store.put(message("TopicR", i % queues, prefix + i, "Tag" + (i % 2), prefix + i))
                    .join();
            assertThat(result.status()).isEqualTo(PutStatus.OK);
            acknowledged.add(result.appendResult());
        }
        return acknowledged;
    }

    private void awaitDispatched() {
        long end = store.commitLogMaxOffset();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                .until(store::dispatchedOffset, offset -> offset == end);
    }

    private void writeIntoCommitLog(long offset, byte[] bytes) throws IOException {
        writeInto(root.resolve("commitlog").resolve(String.format("%020d", offset - offset % COMMIT_LOG_FILE)),
                offset % COMMIT_LOG_FILE, bytes);
    }

    private static void writeInto(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    /** Every acknowledged message can be pulled at its queue offset and found by its key. */
    private void assertAllReadable(List<AppendResult> acknowledged, int queues) {
        for (int queue = 0; queue < queues; queue++) {
            int queueId = queue;
            long inQueue = acknowledged.stream()
                    .filter(r -> store.lookMessageByOffset(r.physicalOffset()).orElseThrow().queueId() == queueId)
                    .count();
            assertThat(store.maxOffsetInQueue("TopicR", queue)).isEqualTo(inQueue);
        }
        for (AppendResult ack : acknowledged) {
            StoredMessageView stored = store.lookMessageByOffset(ack.physicalOffset()).orElseThrow();
            GetResult pulled = store.get("TopicR", stored.queueId(), ack.queueOffset(), 1, 1 << 20,
                    MessageFilter.ALL);
            assertThat(pulled.status()).isEqualTo(GetStatus.FOUND);
            assertThat(new StoredMessageView(pulled.messages().get(0)).physicalOffset())
                    .isEqualTo(ack.physicalOffset());
            String key = new String(stored.body(), StandardCharsets.UTF_8);
            assertThat(store.queryByKey("TopicR", key, 10, 0, Long.MAX_VALUE).messages())
                    .extracting(StoredMessageView::physicalOffset).containsExactly(ack.physicalOffset());
        }
    }

    @Test
    void cleanRestartKeepsEverythingAndContinuesQueueOffsets() {
        StoreFixture fixture = new StoreFixture(root, FlushDiskType.SYNC_FLUSH);
        store = fixture.open();
        List<AppendResult> acknowledged = putAll(60, 3, "m");
        long end = store.commitLogMaxOffset();
        store.shutdown();

        store = fixture.open();

        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        assertAllReadable(acknowledged, 3);
        AppendResult next = store.put(message("TopicR", 0, "next")).join().appendResult();
        assertThat(next.queueOffset()).isEqualTo(20);
        assertThat(next.physicalOffset()).isEqualTo(end);
    }

    @Test
    void crashWithTornTailLosesNothingAcknowledgedAndRebuildsQueuesAndIndex() throws IOException {
        StoreFixture fixture = new StoreFixture(root, FlushDiskType.SYNC_FLUSH);
        store = fixture.open();
        List<AppendResult> acknowledged = new ArrayList<>(putAll(25, 2, "before-"));
        // A put is acknowledged before the dispatcher thread writes its consume-queue entry; the checkpoint and the
        // files wiped below assume every entry is written, so wait for that.
        awaitDispatched();
        store.checkpointNow();
        acknowledged.addAll(putAll(25, 2, "after-"));
        long end = store.commitLogMaxOffset();
        awaitDispatched();
        store.simulateCrash();
        // A record torn halfway by the crash, then the consume queue of queue 0 losing its unflushed tail.
        ByteBuffer whole = store.lookMessageByOffset(acknowledged.get(0).physicalOffset()).orElseThrow().buffer();
        byte[] torn = new byte[whole.remaining() / 2];
        whole.get(torn);
        writeIntoCommitLog(end, torn);
        // Queue 0 had entries 0..12 at the checkpoint; its files for entries 16..23 and 24..25 lose their content.
        Path queueDir = root.resolve("consumequeue").resolve("TopicR").resolve("0");
        List<Path> queueFiles;
        try (Stream<Path> files = Files.list(queueDir)) {
            queueFiles = files.sorted(Comparator.reverseOrder()).limit(2).toList();
        }
        assertThat(queueFiles).map(file -> file.getFileName().toString())
                .containsExactly(String.format("%020d", 24 * 20), String.format("%020d", 16 * 20));
        for (Path file : queueFiles) {
            writeInto(file, 0, new byte[8 * 20]);
        }

        store = fixture.open();

        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        assertAllReadable(acknowledged, 2);
        AppendResult next = store.put(message("TopicR", 0, "next")).join().appendResult();
        assertThat(next.physicalOffset()).isEqualTo(end);
        assertThat(next.queueOffset()).isEqualTo(26); // 13 + 13 messages went to queue 0
    }

    @Test
    void garbageAfterTheLastRecordIsTruncatedAndTheLogContinuesThere() throws IOException {
        StoreFixture fixture = new StoreFixture(root, FlushDiskType.SYNC_FLUSH);
        store = fixture.open();
        List<AppendResult> acknowledged = putAll(10, 1, "m");
        long end = store.commitLogMaxOffset();
        store.simulateCrash();
        byte[] garbage = new byte[300];
        new Random(7).nextBytes(garbage);
        writeIntoCommitLog(end, garbage);

        store = fixture.open();

        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        assertAllReadable(acknowledged, 1);
        assertThat(store.put(message("TopicR", 0, "next")).join().appendResult().physicalOffset()).isEqualTo(end);
    }

    @Test
    void corruptLastRecordIsDroppedWithItsConsumeQueueEntryAndIndexHit() throws IOException {
        StoreFixture fixture = new StoreFixture(root, FlushDiskType.ASYNC_FLUSH);
        store = fixture.open();
        List<AppendResult> written = putAll(10, 1, "m");
        AppendResult last = written.get(9);
        store.checkpointNow();
        store.simulateCrash();
        // Flip a body byte of the last record: its CRC no longer matches.
        writeIntoCommitLog(last.physicalOffset() + MessageLayout.bodyLengthPosition(0) + 4, new byte[] {'X'});

        store = fixture.open();

        assertThat(store.commitLogMaxOffset()).isEqualTo(last.physicalOffset());
        assertThat(store.maxOffsetInQueue("TopicR", 0)).isEqualTo(9);
        assertThat(store.queryByKey("TopicR", "m9", 10, 0, Long.MAX_VALUE).messages()).isEmpty();
        assertAllReadable(written.subList(0, 9), 1);
        AppendResult replacement = store.put(message("TopicR", 0, "replacement")).join().appendResult();
        assertThat(replacement.queueOffset()).isEqualTo(9);
        assertThat(replacement.physicalOffset()).isEqualTo(last.physicalOffset());
    }

    @Test
    void deletedConsumeQueuesAndIndexAreRebuiltFromTheCommitLog() throws IOException {
        StoreFixture fixture = new StoreFixture(root, FlushDiskType.ASYNC_FLUSH);
        store = fixture.open();
        List<AppendResult> acknowledged = putAll(40, 2, "m");
        store.shutdown();
        deleteRecursively(root.resolve("consumequeue"));
        deleteRecursively(root.resolve("index"));

        store = fixture.open();

        assertAllReadable(acknowledged, 2);
    }

    @Test
    void missingCheckpointFallsBackToScanningTheLastFiles() throws IOException {
        StoreFixture fixture = new StoreFixture(root, FlushDiskType.SYNC_FLUSH);
        store = fixture.open();
        List<AppendResult> acknowledged = putAll(30, 2, "m");
        store.simulateCrash();
        Files.deleteIfExists(root.resolve("checkpoint"));

        store = fixture.open();

        assertAllReadable(acknowledged, 2);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

}
