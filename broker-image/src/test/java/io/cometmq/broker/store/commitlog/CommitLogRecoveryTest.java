package io.cometmq.broker.store.commitlog;

import io.cometmq.broker.store.file.MappedSegment;
import io.cometmq.broker.store.message.MessageLayout;
import io.cometmq.broker.store.message.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Random;

import static io.cometmq.broker.store.commitlog.CommitLogTestSupport.newLog;
import static io.cometmq.broker.store.commitlog.CommitLogTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

class CommitLogRecoveryTest {
    private static final int SEGMENT = 2048;

    @TempDir
    Path dir;

    private long appendMessages(CommitLog log, int count) {
        long end = 0;
        for (int i = 0; i < count; i++) {
            end = log.append(record("T", 0, "message-" + i)).endOffset();
        }
        log.flush();
        return end;
    }

    private CommitLogRecovery.Result reopen(long safePoint) {
        CommitLog log = new CommitLog(dir, SEGMENT, Clock.systemUTC());
        log.load();
        return CommitLogRecovery.recover(log, safePoint, 3);
    }

    private void writeAt(long offset, byte[] bytes) throws IOException {
        long base = offset - offset % SEGMENT;
        try (FileChannel channel = FileChannel.open(dir.resolve(String.format("%020d", base)),
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset - base);
        }
    }

    @Test
    void cleanLogRecoversToItsEndAcrossSegments() {
        long end = appendMessages(newLog(dir, SEGMENT), 60);

        CommitLogRecovery.Result result = reopen(-1);

        assertThat(end).isGreaterThan(SEGMENT);
        assertThat(result.end()).isEqualTo(end);
        assertThat(result.messages()).isEqualTo(60);
        assertThat(result.problem()).isNull();
    }

    @Test
    void halfWrittenRecordAfterTheLastGoodOneIsTruncated() throws IOException {
        long end = appendMessages(newLog(dir, SEGMENT), 10);
        MessageRecord torn = record("T", 0, "torn-message-body");
        torn.stamp(10, end, 1L);
        byte[] half = java.util.Arrays.copyOf(torn.bytes(), torn.size() / 2);
        writeAt(end, half);

        CommitLogRecovery.Result result = reopen(-1);

        assertThat(result.end()).isEqualTo(end);
        assertThat(result.problem()).contains("offset " + end);
        CommitLog log = new CommitLog(dir, SEGMENT, Clock.systemUTC());
        log.load();
        CommitLogRecovery.recover(log, -1, 3);
        assertThat(log.segments().last().rawView().get((int) (end % SEGMENT) + 4)).isZero(); // tail zeroed
        assertThat(log.append(record("T", 0, "after")).physicalOffset()).isEqualTo(end);
    }

    @Test
    void garbageFromARandomPositionInTheLastRecordTruncatesToTheRecordBefore() throws IOException {
        CommitLog log = newLog(dir, SEGMENT);
        for (int i = 0; i < 9; i++) {
            log.append(record("T", 0, "message-" + i));
        }
        AppendResult last = log.append(record("T", 0, "the-last-message"));
        log.flush();
        Random random = new Random(42);
        int from = random.nextInt(last.size());
        byte[] garbage = new byte[last.size() - from + 40];
        random.nextBytes(garbage);
        writeAt(last.physicalOffset() + from, garbage);

        CommitLogRecovery.Result result = reopen(-1);

        assertThat(result.end()).isEqualTo(last.physicalOffset());
        assertThat(result.messages()).isEqualTo(9);
    }

    @Test
    void bodyCrcMismatchMarksTheEnd() throws IOException {
        CommitLog log = newLog(dir, SEGMENT);
        AppendResult first = log.append(record("T", 0, "first"));
        AppendResult second = log.append(record("T", 0, "second"));
        log.flush();
        long bodyAt = second.physicalOffset() + MessageLayout.bodyLengthPosition(0) + 4;
        writeAt(bodyAt, new byte[] {(byte) 'S'}); // "second" becomes "Second": same length, different CRC

        CommitLogRecovery.Result result = reopen(-1);

        assertThat(result.end()).isEqualTo(first.endOffset());
        assertThat(result.problem()).isNotNull();
    }

    @Test
    void scanStartsAtTheSegmentHoldingTheSafePoint() {
        long end = appendMessages(newLog(dir, SEGMENT), 60);
        long safePoint = SEGMENT + 100L;

        CommitLogRecovery.Result result = reopen(safePoint);

        assertThat(result.scanStart()).isEqualTo(SEGMENT);
        assertThat(result.end()).isEqualTo(end);
    }

    @Test
    void laterSegmentAfterAZeroedTailIsDeleted() {
        CommitLog log = newLog(dir, SEGMENT);
        appendMessages(log, 60);
        MappedSegment first = log.segments().first();
        first.truncate(50); // simulate the first file losing its tail while a later file exists

        CommitLogRecovery.Result result = reopen(-1);

        assertThat(result.end()).isLessThan(50);
        assertThat(result.problem()).isNotNull();
        CommitLog reopened = new CommitLog(dir, SEGMENT, Clock.systemUTC());
        reopened.load();
        assertThat(reopened.segments().count()).isEqualTo(1);
    }
}
