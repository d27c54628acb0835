package io.cometmq.broker.store.index;

import io.cometmq.broker.store.MutableClock;
import io.cometmq.broker.store.queue.DispatchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IndexServiceTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);

    private static DispatchRequest request(long offset, long storeTime, String keys, String uniqueKey) {
        return new DispatchRequest("T", 0, offset, 100, 0, storeTime, offset / 100, 0, keys, uniqueKey);
    }

    @Test
    void findsOffsetsByUniqueKeyAndByEachKeysToken() {
        IndexService index = new IndexService(dir, 8, 100, clock);
        index.dispatch(request(0, T0, "order-1 customer-9", "U0"));
        index.dispatch(request(100, T0 + 10, "order-2 customer-9", "U1"));

        assertThat(index.query("T", "U1", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(100L);
        assertThat(index.query("T", "customer-9", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(100L, 0L);
        assertThat(index.query("T", "customer-9", 1, 0, Long.MAX_VALUE, o -> true)).containsExactly(100L);
        assertThat(index.query("Other", "customer-9", 10, 0, Long.MAX_VALUE, o -> true)).isEmpty();
    }

    @Test
    void collidingKeysShareSlotsAndTheCallerVerifiesCandidates() {
        IndexService index = new IndexService(dir, 1, 100, clock); // every key in one slot
        for (int i = 0; i < 20; i++) {
            index.dispatch(request(100L * i, T0, "k" + i, null));
        }

        assertThat(index.query("T", "k7", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(700L);
        assertThat(index.query("T", "k7", 10, 0, Long.MAX_VALUE, o -> o != 700L)).isEmpty();
    }

    @Test
    void fullFileRollsOverAndLookupsSpanFilesAndSurviveReload() {
        IndexService index = new IndexService(dir, 4, 5, clock); // 4 usable entries per file
        for (int i = 0; i < 10; i++) {
            clock.advance(java.time.Duration.ofMillis(1));
            index.dispatch(request(100L * i, T0 + i * 1000L, "same", null));
        }
        index.flush();
        assertThat(index.fileCount()).isEqualTo(3);

        IndexService reloaded = new IndexService(dir, 4, 5, clock);
        reloaded.load();

        assertThat(reloaded.query("T", "same", 100, 0, Long.MAX_VALUE, o -> true))
                .containsExactly(900L, 800L, 700L, 600L, 500L, 400L, 300L, 200L, 100L, 0L);
        assertThat(reloaded.query("T", "same", 100, T0 + 3000, T0 + 5000, o -> true))
                .containsExactly(500L, 400L, 300L);
    }

    @Test
    void duplicateEntriesFromRedispatchAreReportedOnce() {
        IndexService index = new IndexService(dir, 8, 100, clock);
        index.dispatch(request(100, T0, "k", "U"));
        index.dispatch(request(100, T0, "k", "U"));

        assertThat(index.query("T", "k", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(100L);
    }

    @Test
    void filesWhoseEntriesAllPointBelowTheCommitLogStartAreDeleted() {
        IndexService index = new IndexService(dir, 4, 3, clock);
        for (int i = 0; i < 6; i++) {
            clock.advance(java.time.Duration.ofMillis(1));
            index.dispatch(request(100L * i, T0, "k" + i, null));
        }
        assertThat(index.fileCount()).isEqualTo(3);

        index.deleteBelow(250);

        assertThat(index.fileCount()).isEqualTo(2);
        assertThat(index.query("T", "k0", 10, 0, Long.MAX_VALUE, o -> true)).isEmpty();
        assertThat(index.query("T", "k2", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(200L);
    }

    @Test
    void truncationRollsBackEntriesFromTheCutAcrossFilesAndStaysRolledBackAfterReload() {
        IndexService index = new IndexService(dir, 2, 5, clock); // 4 entries per file, chains share 2 slots
        for (int i = 0; i < 10; i++) {
            clock.advance(java.time.Duration.ofMillis(1));
            index.dispatch(request(100L * i, T0 + i * 1000L, "k" + (i % 3), null));
        }
        assertThat(index.fileCount()).isEqualTo(3);

        index.truncateFrom(500);

        assertThat(index.fileCount()).isEqualTo(2);
        assertThat(index.lastUpdatePhyOffset()).isEqualTo(400);
        assertKeptBelow500(index);
        // The same offsets indexed again under other keys: no stale hit, no duplicate.
        for (int i = 5; i < 8; i++) {
            index.dispatch(request(100L * i, T0 + i * 1000L, "n" + i, null));
        }
        assertKeptBelow500(index);
        assertThat(index.query("T", "n6", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(600L);
        index.flush();

        IndexService reloaded = new IndexService(dir, 2, 5, clock);
        reloaded.load();
        assertKeptBelow500(reloaded);
        assertThat(reloaded.query("T", "n6", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(600L);

        reloaded.truncateFrom(0);
        assertThat(reloaded.fileCount()).isZero();
        assertThat(reloaded.query("T", "k0", 10, 0, Long.MAX_VALUE, o -> true)).isEmpty();
    }

    private static void assertKeptBelow500(IndexService index) {
        assertThat(index.query("T", "k0", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(300L, 0L);
        assertThat(index.query("T", "k1", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(400L, 100L);
        assertThat(index.query("T", "k2", 10, 0, Long.MAX_VALUE, o -> true)).containsExactly(200L);
        assertThat(index.query("T", "k1", 10, T0 + 4000, T0 + 4000, o -> true)).containsExactly(400L);
    }
}
