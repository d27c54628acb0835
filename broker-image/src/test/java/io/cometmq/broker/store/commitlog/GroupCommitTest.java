package io.cometmq.broker.store.commitlog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.cometmq.broker.store.commitlog.CommitLogTestSupport.newLog;
import static io.cometmq.broker.store.commitlog.CommitLogTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void everyWaiterCompletesOnlyAfterAFlushCoveringItsRecord() throws Exception {
        CommitLog log = newLog(dir, 64 * 1024);
        GroupCommit groupCommit = new GroupCommit(log, 5_000, 1_000);
        groupCommit.start();
        ExecutorService producers = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Long>> checks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            CompletableFuture<Long> check = CompletableFuture.supplyAsync(() -> {
                AppendResult result = log.append(record("T", n % 4, "m" + n));
                boolean flushed = groupCommit.afterAppend(result.endOffset(), true).join();
                assertThat(flushed).isTrue();
                // Durable at the moment the producer is told so.
                assertThat(log.flushedOffset()).isGreaterThanOrEqualTo(result.endOffset());
                return result.endOffset();
            }, producers);
            checks.add(check);
        }
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        producers.shutdown();
        groupCommit.shutdown();
        assertThat(log.flushedOffset()).isEqualTo(log.maxOffset());
    }

    @Test
    void waiterNotFlushedInTimeCompletesWithFalse() throws Exception {
        CommitLog log = newLog(dir, 4096);
        GroupCommit notStarted = new GroupCommit(log, 50, 1_000);
        AppendResult result = log.append(record("T", 0, "m"));

        assertThat(notStarted.afterAppend(result.endOffset(), true).get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void producerThatSaidWaitFalseIsAcknowledgedWithoutFlush() {
        CommitLog log = newLog(dir, 4096);
        GroupCommit notStarted = new GroupCommit(log, 5_000, 1_000);
        AppendResult result = log.append(record("T", 0, "m"));

        assertThat(notStarted.afterAppend(result.endOffset(), false)).isCompletedWithValue(true);
    }

    @Test
    void asyncFlushAcknowledgesAtOnceAndFlushesOnItsInterval() {
        CommitLog log = newLog(dir, 4096);
        FlushService flush = new FlushService(log, 10);
        flush.start();
        AppendResult result = log.append(record("T", 0, "m"));

        assertThat(flush.afterAppend(result.endOffset(), true)).isCompletedWithValue(true);
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> log.flushedOffset() >= result.endOffset());
        flush.shutdown();
    }
}
