package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.AppendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.cometmq.broker.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master store copied into a slave store with readCommitLog/appendToCommitLog, as replication does: the slave
 * serves the same records, repairs a diverged log with truncateTo, and takes over writes after prepareForWrites.
 */
class ReplicatedStoreTest {
    private static final String TOPIC = "TopicH";
    private static final int QUEUES = 3;
    private static final int CHUNK = 1000; // splits records: the slave dispatches a record once its rest arrives

    @TempDir
    Path root;
    private StoreFixture masterFixture;
    private StoreFixture slaveFixture;
    private DefaultMessageStore master;
    private DefaultMessageStore slave;

    @BeforeEach
    void open() {
        masterFixture = new StoreFixture(root.resolve("master"), FlushDiskType.ASYNC_FLUSH);
        slaveFixture = new StoreFixture(root.resolve("slave"), FlushDiskType.ASYNC_FLUSH);
        master = masterFixture.open();
        slave = slaveFixture.open();
    }

    @AfterEach
    void close() {
        master.shutdown();
        slave.shutdown();
    }

    private static List<AppendResult> putAll(DefaultMessageStore store, int from, int to, String prefix) {
        List<AppendResult> acknowledged = new ArrayList<>();
        for (int i = from; i < to; i++) {
            PutResult result = store.put(message(TOPIC, i % QUEUES, prefix + i, "Tag", prefix + i)).join();
            assertThat(result.status()).isEqualTo(PutStatus.OK);
            acknowledged.add(result.appendResult());
        }
        return acknowledged;
    }

    /** Copies the master's log from {@code offset} to its end, in chunks that never cross a segment. */
    private void replicate(long offset, long end) {
        while (offset < end) {
            ByteBuffer chunk = master.readCommitLog(offset, (int) Math.min(CHUNK, end - offset));
            assertThat(chunk.remaining()).isPositive();
            int length = chunk.remaining();
            assertThat(slave.appendToCommitLog(offset, chunk)).isEqualTo(offset + length);
            offset += length;
        }
    }

    private void replicateFrom(long offset) {
        replicate(offset, master.commitLogMaxOffset());
        // both sides fill their consume queues asynchronously: compare only once both are complete
        assertThat(master.awaitDispatched(10_000)).isTrue();
        assertThat(slave.awaitDispatched(10_000)).isTrue();
    }

    private static List<ByteBuffer> readQueue(MessageStore store, int queueId) {
        List<ByteBuffer> records = new ArrayList<>();
        long offset = store.minOffsetInQueue(TOPIC, queueId);
        while (offset < store.maxOffsetInQueue(TOPIC, queueId)) {
            GetResult result = store.get(TOPIC, queueId, offset, 32, 1 << 20, MessageFilter.ALL);
            assertThat(result.status()).isEqualTo(GetStatus.FOUND);
            records.addAll(result.messages());
            offset = result.nextBeginOffset();
        }
        return records;
    }

    private void assertSlaveServesWhatMasterServes() {
        assertThat(slave.commitLogMaxOffset()).isEqualTo(master.commitLogMaxOffset());
        for (int queue = 0; queue < QUEUES; queue++) {
            assertThat(slave.minOffsetInQueue(TOPIC, queue)).isEqualTo(master.minOffsetInQueue(TOPIC, queue));
            assertThat(slave.maxOffsetInQueue(TOPIC, queue)).isEqualTo(master.maxOffsetInQueue(TOPIC, queue));
            assertThat(readQueue(slave, queue)).isEqualTo(readQueue(master, queue));
        }
    }

    /** Promotes the slave and checks its next put continues the queue where the master left it. */
    private void assertSlaveTakesOverWrites() {
        slave.prepareForWrites();
        for (int queue = 0; queue < QUEUES; queue++) {
            AppendResult next = slave.put(message(TOPIC, queue, "after-promotion")).join().appendResult();
            assertThat(next.queueOffset()).isEqualTo(master.maxOffsetInQueue(TOPIC, queue));
        }
    }

    @Test
    void slaveServesTheSameRecordsAndContinuesQueueOffsetsAfterPromotion() {
        putAll(master, 0, 80, "m");

        replicateFrom(master.commitLogMinOffset());

        assertSlaveServesWhatMasterServes();
        assertThat(slave.queryByKey(TOPIC, "m42", 10, 0, Long.MAX_VALUE).messages())
                .extracting(m -> m.physicalOffset())
                .containsExactlyElementsOf(master.queryByKey(TOPIC, "m42", 10, 0, Long.MAX_VALUE).messages()
                        .stream().map(m -> m.physicalOffset()).toList());
        slave.prepareForWrites();
        AppendResult next = slave.put(message(TOPIC, 1, "after-promotion")).join().appendResult();
        assertThat(next.queueOffset()).isEqualTo(master.maxOffsetInQueue(TOPIC, 1));
        assertThat(next.physicalOffset()).isEqualTo(master.commitLogMaxOffset());
    }

    @Test
    void divergedSlaveTruncatesToTheCommonPointAndFollowsTheMasterAgain() {
        putAll(master, 0, 30, "m");
        replicateFrom(0);
        long common = master.commitLogMaxOffset();
        // The slave briefly wrote on its own (a split brain), the master went on with other messages.
        slave.prepareForWrites();
        putAll(slave, 0, 8, "x");
        putAll(master, 30, 60, "m");

        slave.truncateTo(common);

        assertThat(slave.commitLogMaxOffset()).isEqualTo(common);
        assertThat(slave.queryByKey(TOPIC, "x0", 10, 0, Long.MAX_VALUE).messages()).isEmpty();
        replicateFrom(common);
        assertSlaveServesWhatMasterServes();
        assertThat(slave.queryByKey(TOPIC, "x3", 10, 0, Long.MAX_VALUE).messages()).isEmpty();
        assertThat(slave.queryByKey(TOPIC, "m31", 10, 0, Long.MAX_VALUE).messages()).hasSize(1);

        slave.shutdown();
        slave = slaveFixture.open();

        assertSlaveServesWhatMasterServes();
        assertSlaveTakesOverWrites();
    }

    @Test
    void emptiedSlaveRebuildsFromTheMastersFirstSegment() {
        putAll(master, 0, 100, "m");
        assertThat(master.awaitDispatched(10_000)).isTrue();
        masterFixture.diskUsage.set(0.80); // disk pressure: one file per retention run
        master.runRetentionNow();
        master.runRetentionNow();
        assertThat(master.commitLogMinOffset()).isEqualTo(2 * 4096);
        putAll(slave, 0, 10, "stale");

        slave.truncateTo(0);
        replicateFrom(master.commitLogMinOffset());

        assertThat(slave.commitLogMinOffset()).isEqualTo(master.commitLogMinOffset());
        assertThat(slave.queryByKey(TOPIC, "stale1", 10, 0, Long.MAX_VALUE).messages()).isEmpty();
        assertSlaveServesWhatMasterServes();

        slave.shutdown();
        slave = slaveFixture.open();

        assertSlaveServesWhatMasterServes();
        assertSlaveTakesOverWrites();
    }

    @Test
    void promotionCutsARecordTheMasterNeverFinishedSending() {
        List<AppendResult> acknowledged = putAll(master, 0, 5, "m");
        replicate(0, master.commitLogMaxOffset() - 10);

        assertThat(slave.awaitDispatched(200)).isFalse();
        slave.prepareForWrites();

        AppendResult last = acknowledged.get(4);
        assertThat(slave.commitLogMaxOffset()).isEqualTo(last.physicalOffset());
        AppendResult next = slave.put(message(TOPIC, 4 % QUEUES, "replacement")).join().appendResult();
        assertThat(next.physicalOffset()).isEqualTo(last.physicalOffset());
        assertThat(next.queueOffset()).isEqualTo(last.queueOffset());
    }
}
