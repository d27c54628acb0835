package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.AppendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.cometmq.broker.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** truncateTo on a store written by puts: what is cut stays cut, through gets, key queries and restarts. */
class StoreTruncationTest {
    private static final int SEGMENT = 4096;

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

    private List<AppendResult> putAll(int count) {
        List<AppendResult> acknowledged = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PutResult result = store.put(message("TopicT", i % 2, "m" + i, "Tag", "m" + i)).join();
            assertThat(result.status()).isEqualTo(PutStatus.OK);
            acknowledged.add(result.appendResult());
        }
        assertThat(store.awaitDispatched(10_000)).isTrue();
        return acknowledged;
    }

    /** Messages [0, kept) survive, the rest is gone from the log, the queues and the key index. */
    private void assertCutAfter(List<AppendResult> acknowledged, int kept) {
        long cut = acknowledged.get(kept).physicalOffset();
        assertThat(store.commitLogMaxOffset()).isEqualTo(cut);
        assertThat(store.dispatchedOffset()).isLessThanOrEqualTo(cut);
        for (int queue = 0; queue < 2; queue++) {
            long inQueue = (kept + 1 - queue) / 2;
            assertThat(store.maxOffsetInQueue("TopicT", queue)).isEqualTo(inQueue);
            assertThat(store.get("TopicT", queue, inQueue, 32, 1 << 20, MessageFilter.ALL).status())
                    .isIn(GetStatus.OFFSET_OVERFLOW_ONE, GetStatus.NO_MESSAGE_IN_QUEUE);
        }
        for (int i = 0; i < acknowledged.size(); i++) {
            var found = store.queryByKey("TopicT", "m" + i, 10, 0, Long.MAX_VALUE).messages();
            if (i < kept) {
                assertThat(found).hasSize(1);
                GetResult pulled = store.get("TopicT", i % 2, i / 2, 1, 1 << 20, MessageFilter.ALL);
                assertThat(pulled.status()).isEqualTo(GetStatus.FOUND);
            } else {
                assertThat(found).isEmpty();
                assertThat(store.lookMessageByOffset(acknowledged.get(i).physicalOffset())).isEmpty();
            }
        }
    }

    private long commitLogFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("commitlog"))) {
            return files.count();
        }
    }

    private void restart() {
        store.shutdown();
        store = fixture.open();
    }

    @Test
    void cutInTheMiddleOfASegmentThenPutsContinueTheQueuesAndARestartKeepsIt() {
        List<AppendResult> acknowledged = putAll(30);
        int kept = 20;
        long cut = acknowledged.get(kept).physicalOffset();
        assertThat(cut % SEGMENT).isNotZero();

        store.truncateTo(cut);

        assertCutAfter(acknowledged, kept);
        AppendResult next = store.put(message("TopicT", 0, "next", "Tag", "m20 m25")).join().appendResult();
        assertThat(next.physicalOffset()).isEqualTo(cut);
        assertThat(next.queueOffset()).isEqualTo(10);
        assertThat(store.put(message("TopicT", 1, "next1")).join().appendResult().queueOffset()).isEqualTo(10);
        assertThat(store.awaitDispatched(10_000)).isTrue();
        // Keys of cut messages reused, one of them at the very offset it had before the cut: one hit each.
        for (String key : List.of("m20", "m25")) {
            assertThat(store.queryByKey("TopicT", key, 10, 0, Long.MAX_VALUE).messages())
                    .extracting(m -> new String(m.body())).containsExactly("next");
        }
        long end = store.commitLogMaxOffset();

        restart();

        assertThat(store.commitLogMaxOffset()).isEqualTo(end);
        assertThat(store.maxOffsetInQueue("TopicT", 0)).isEqualTo(11);
        assertThat(store.queryByKey("TopicT", "m21", 10, 0, Long.MAX_VALUE).messages()).isEmpty();
        assertThat(store.queryByKey("TopicT", "m25", 10, 0, Long.MAX_VALUE).messages()).hasSize(1);
        assertThat(store.put(message("TopicT", 1, "after-restart")).join().appendResult().queueOffset())
                .isEqualTo(11);
    }

    @Test
    void cutAcrossSegmentsDeletesLaterFilesAndSurvivesACrash() throws IOException {
        List<AppendResult> acknowledged = putAll(100);
        assertThat(commitLogFiles()).isGreaterThan(3);
        int kept = 30;
        long cut = acknowledged.get(kept).physicalOffset();

        store.truncateTo(cut);

        assertThat(commitLogFiles()).isEqualTo(cut / SEGMENT + 1);
        assertCutAfter(acknowledged, kept);

        store.simulateCrash(); // no shutdown checkpoint: the one written by the truncation must be enough
        store = fixture.open();

        assertCutAfter(acknowledged, kept);
        AppendResult next = store.put(message("TopicT", kept % 2, "next")).join().appendResult();
        assertThat(next.physicalOffset()).isEqualTo(cut);
        assertThat(next.queueOffset()).isEqualTo(kept / 2);
    }

    @Test
    void cutAtASegmentBaseKeepsThatSegmentEmpty() {
        List<AppendResult> acknowledged = putAll(60);
        int kept = 0;
        while (acknowledged.get(kept).physicalOffset() < 2 * SEGMENT) {
            kept++;
        }
        // the first message of the third segment starts at its base
        assertThat(acknowledged.get(kept).physicalOffset()).isEqualTo(2 * SEGMENT);

        store.truncateTo(2 * SEGMENT);

        assertCutAfter(acknowledged, kept);
        assertThat(store.put(message("TopicT", 0, "next")).join().appendResult().physicalOffset())
                .isEqualTo(2 * SEGMENT);
    }

    @Test
    void offsetInsideARecordCutsAtItsStartAndOffsetsBeyondTheEndAreRefused() {
        List<AppendResult> acknowledged = putAll(10);

        assertThatThrownBy(() -> store.truncateTo(store.commitLogMaxOffset() + 1))
                .isInstanceOf(IllegalArgumentException.class);
        store.truncateTo(acknowledged.get(5).physicalOffset() + 10);

        assertCutAfter(acknowledged, 5);
    }

    @Test
    void truncateToZeroEmptiesTheStore() throws IOException {
        putAll(50);

        store.truncateTo(0);

        assertThat(store.commitLogMaxOffset()).isZero();
        assertThat(store.commitLogMinOffset()).isZero();
        assertThat(commitLogFiles()).isZero();
        assertThat(store.maxOffsetInQueue("TopicT", 0)).isZero();
        assertThat(store.get("TopicT", 0, 0, 32, 1 << 20, MessageFilter.ALL).status())
                .isEqualTo(GetStatus.NO_MATCHED_LOGIC_QUEUE);
        assertThat(store.queryByKey("TopicT", "m3", 10, 0, Long.MAX_VALUE).messages()).isEmpty();

        restart();

        assertThat(store.commitLogMaxOffset()).isZero();
        assertThat(store.maxOffsetInQueue("TopicT", 1)).isZero();
        AppendResult first = store.put(message("TopicT", 1, "first")).join().appendResult();
        assertThat(first.physicalOffset()).isZero();
        assertThat(first.queueOffset()).isZero();
    }
}
