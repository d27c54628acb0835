package io.cometmq.broker.store.commitlog;

import io.cometmq.broker.store.message.MessageLayout;
import io.cometmq.broker.store.message.MessageRecord;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.broker.store.TestMessages;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cometmq.broker.store.commitlog.CommitLogTestSupport.ENCODER;
import static io.cometmq.broker.store.commitlog.CommitLogTestSupport.newLog;
import static io.cometmq.broker.store.commitlog.CommitLogTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

class CommitLogTest {
    @TempDir
    Path dir;

    @Test
    void recordThatDoesNotFitIsPrecededByABlankAndStartsTheNextFile() {
        MessageRecord sample = record("T", 0, "x".repeat(50));
        int segmentSize = sample.size() * 2 + 8 + 4; // two records fit with room for a blank, a third does not
        CommitLog log = newLog(dir, segmentSize);

        List<AppendResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(log.append(record("T", 0, "x".repeat(50))));
        }

        assertThat(results.get(1).physicalOffset()).isEqualTo(sample.size());
        assertThat(results.get(2).physicalOffset()).isEqualTo(segmentSize);
        assertThat(results).extracting(AppendResult::queueOffset).containsExactly(0L, 1L, 2L);
        ByteBuffer blank = log.segments().first().slice(2 * sample.size(), 8);
        assertThat(blank.getInt(0)).isEqualTo(12);
        assertThat(blank.getInt(4)).isEqualTo(MessageLayout.MAGIC_BLANK);
        StoredMessageView third = log.messageAt(segmentSize);
        assertThat(third.physicalOffset()).isEqualTo(segmentSize);
        assertThat(third.queueOffset()).isEqualTo(2);
    }

    @Test
    void appendResultCarriesAnOffsetMsgIdApacheDecodesToThePhysicalOffset() throws Exception {
        CommitLog log = newLog(dir, 4096);
        log.append(record("T", 0, "first"));
        AppendResult second = log.append(record("T", 0, "second"));

        var decoded = MessageDecoder.decodeMessageId(second.offsetMsgId());

        assertThat(decoded.getOffset()).isEqualTo(second.physicalOffset()).isPositive();
        assertThat(decoded.getAddress()).isEqualTo(TestMessages.STORE_HOST);
        assertThat(log.messageAt(second.physicalOffset()).storeTimestamp()).isEqualTo(second.storeTimestamp());
    }

    @Test
    void queueOffsetsStayConsecutivePerQueueUnderConcurrentAppends() throws Exception {
        CommitLog log = newLog(dir, 16 * 1024);
        int threads = 4;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Integer, List<AppendResult>> byQueue = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    int queue = i % 3;
                    AppendResult result = log.append(record("T", queue, "m" + i));
                    byQueue.computeIfAbsent(queue, q -> Collections.synchronizedList(new ArrayList<>())).add(result);
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();

        int total = 0;
        for (List<AppendResult> results : byQueue.values()) {
            List<AppendResult> sorted = new ArrayList<>(results);
            sorted.sort((a, b) -> Long.compare(a.physicalOffset(), b.physicalOffset()));
            for (int i = 0; i < sorted.size(); i++) {
                // Queue offsets follow commit-log order without gaps or duplicates.
                assertThat(sorted.get(i).queueOffset()).isEqualTo(i);
            }
            total += sorted.size();
        }
        assertThat(total).isEqualTo(threads * perThread);
        assertThat(log.segments().count()).isGreaterThan(1);
    }

    @Test
    void batchAppendGivesConsecutiveQueueOffsetsAndHalfMessagesTakeNone() {
        CommitLog log = newLog(dir, 4096);
        MessageRecord half = ENCODER.encode(MessageToStoreFixtures.withSysFlag(SysFlag.TRANSACTION_PREPARED));

        List<AppendResult> batch = log.appendBatch(List.of(record("T", 1, "a"), half, record("T", 1, "b"),
                record("T", 1, "c")));

        assertThat(batch).extracting(AppendResult::queueOffset).containsExactly(0L, 0L, 1L, 2L);
        assertThat(batch).extracting(AppendResult::physicalOffset).isSorted();
        assertThat(log.queueOffsets().next("T", 1)).isEqualTo(3);
    }

    @Test
    void recordLargerThanASegmentIsRejected() {
        CommitLog log = newLog(dir, 256);
        AppendResult result = log.append(record("T", 0, "x".repeat(300)));
        assertThat(result.status()).isEqualTo(AppendStatus.RECORD_LARGER_THAN_SEGMENT);
        assertThat(log.maxOffset()).isZero();
    }

    @Test
    void rawBytesReadFromOneLogAppendToAnotherIdentically(@TempDir Path slaveDir) {
        CommitLog master = newLog(dir, 1024);
        for (int i = 0; i < 20; i++) {
            master.append(record("T", 0, "message-" + i));
        }
        CommitLog slave = newLog(slaveDir, 1024);
        long offset = 0;
        while (offset < master.maxOffset()) {
            ByteBuffer chunk = master.readRaw(offset, 300);
            offset = slave.appendRaw(offset, chunk);
        }

        assertThat(slave.maxOffset()).isEqualTo(master.maxOffset());
        assertThat(slave.readRaw(1024, 1024)).isEqualTo(master.readRaw(1024, 1024));
        assertThat(slave.messageAt(master.segments().last().baseOffset()).body())
                .isEqualTo(master.messageAt(master.segments().last().baseOffset()).body());
    }
}
