package io.cometmq.broker.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static io.cometmq.broker.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetentionTest {
    @TempDir
    Path root;
    private StoreFixture fixture;
    private DefaultMessageStore store;

    @BeforeEach
    void open() {
        fixture = new StoreFixture(root, FlushDiskType.ASYNC_FLUSH);
        store = fixture.open();
    }

    @AfterEach
    void close() {
        store.shutdown();
    }

    private void fillSegments(int messages) {
        for (int i = 0; i < messages; i++) {
            assertThat(store.put(message("TopicR", 0, "m" + i, null, "k" + i)).join().status())
                    .isEqualTo(PutStatus.OK);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.dispatchedOffset() == store.commitLogMaxOffset());
    }

    private long commitLogFiles() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("commitlog"))) {
            return files.count();
        }
    }

    @Test
    void filesYoungerThanTheReservedTimeAreKept() throws Exception {
        fillSegments(100);
        long files = commitLogFiles();

        assertThat(store.runRetentionNow()).isZero();
        assertThat(commitLogFiles()).isEqualTo(files);
    }

    @Test
    void expiredFilesAreDeletedAndConsumeQueueMinOffsetFollows() throws Exception {
        fillSegments(100);
        long files = commitLogFiles();
        assertThat(files).isGreaterThan(3);
        fixture.clock.advance(Duration.ofHours(73));

        int deleted = store.runRetentionNow();

        assertThat(deleted).isEqualTo(files - 1); // the file being written is never deleted
        long min = store.minOffsetInQueue("TopicR", 0);
        assertThat(min).isPositive();
        assertThat(store.commitLogMinOffset()).isPositive();
        GetResult tooSmall = store.get("TopicR", 0, 0, 32, 1 << 20, MessageFilter.ALL);
        assertThat(tooSmall.status()).isEqualTo(GetStatus.OFFSET_TOO_SMALL);
        assertThat(tooSmall.nextBeginOffset()).isEqualTo(min);
        assertThat(store.get("TopicR", 0, min, 32, 1 << 20, MessageFilter.ALL).status()).isEqualTo(GetStatus.FOUND);
        assertThat(store.queryByKey("TopicR", "k0", 10, 0, Long.MAX_VALUE).messages()).isEmpty();
        assertThat(store.queryByKey("TopicR", "k99", 10, 0, Long.MAX_VALUE).messages()).hasSize(1);
    }

    @Test
    void diskPressureDeletesTheOldestFileWhateverItsAge() throws Exception {
        fillSegments(100);
        long files = commitLogFiles();
        fixture.diskUsage.set(0.80);

        assertThat(store.runRetentionNow()).isEqualTo(1);
        assertThat(commitLogFiles()).isEqualTo(files - 1);
        assertThat(store.isDiskFull()).isFalse();
    }

    @Test
    void fullDiskRefusesWritesWhileReadsKeepWorking() {
        fillSegments(3);
        fixture.diskUsage.set(0.95);
        store.runRetentionNow();

        PutResult refused = store.put(message("TopicR", 0, "refused")).join();

        assertThat(store.isDiskFull()).isTrue();
        assertThat(refused.status()).isEqualTo(PutStatus.DISK_FULL);
        assertThat(refused.remark()).contains("diskMaxUsedRatio");
        assertThat(store.get("TopicR", 0, 0, 32, 1 << 20, MessageFilter.ALL).messageCount()).isEqualTo(3);

        fixture.diskUsage.set(0.50);
        store.runRetentionNow();
        assertThat(store.put(message("TopicR", 0, "accepted")).join().status()).isEqualTo(PutStatus.OK);
    }
}
