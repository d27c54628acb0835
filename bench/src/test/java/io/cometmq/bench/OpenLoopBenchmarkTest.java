package io.cometmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpenLoopBenchmarkTest {

    private static final double RATE = 2_000;

    private static OpenLoopBenchmark benchmark(Duration warmup, Duration window) {
        return new OpenLoopBenchmark(new OpenLoopBenchmark.Settings(16, RATE, warmup, window, Duration.ZERO, 1,
                1_000));
    }

    @Test
    void aStallCountsAgainstEveryMessageDueDuringIt() throws Exception {
        // The sender blocks once for 200 ms, as a synchronous client would while the broker stalls. Timed from the
        // moment each send was issued, every latency would be ~0; timed from when it was due, the ~400 messages
        // due during the stall (20 % of the window) wait up to 200 ms. (Only lower bounds: a loaded machine can only
        // add latency.)
        AtomicLong calls = new AtomicLong();
        OpenLoopBenchmark.Result result = benchmark(Duration.ZERO, Duration.ofSeconds(1)).schedule(
                (body, completion) -> {
                    if (calls.incrementAndGet() == 600) {
                        Thread.sleep(200);
                    }
                    completion.answered(null);
                }, RATE, Double.NaN, List.of());

        assertThat(result.scheduled()).isBetween(1_999L, 2_001L);
        assertThat(result.succeeded()).isEqualTo(result.scheduled());
        assertThat(result.failed() + result.notOk()).isZero();
        assertThat(result.latencyMillis(100)).isGreaterThanOrEqualTo(195);
        assertThat(result.latencyMillis(99)).isGreaterThan(150);
        assertThat(result.scheduleLagMicros().getMaxValue()).isGreaterThanOrEqualTo(195_000);
    }

    @Test
    void onlySendsDueInTheWindowAreMeasuredAndEveryOutcomeIsCounted() throws Exception {
        AtomicLong calls = new AtomicLong();
        ExecutorService broker = Executors.newSingleThreadExecutor();
        OpenLoopBenchmark.Result result;
        try {
            result = benchmark(Duration.ofMillis(500), Duration.ofMillis(500)).schedule(
                    (body, completion) -> {
                        long n = calls.incrementAndGet();
                        if (n % 100 == 0) {
                            throw new IllegalStateException("no route");
                        } else if (n % 10 == 0) {
                            completion.answered("status FLUSH_DISK_TIMEOUT");
                        } else {
                            broker.execute(() -> completion.answered(null));
                        }
                    }, RATE, Double.NaN, List.of());
        } finally {
            broker.shutdownNow();
        }

        // 1,000 due in the warm-up (not measured), 1,000 in the window
        assertThat(calls.get()).isBetween(1_999L, 2_001L);
        assertThat(result.scheduled()).isBetween(999L, 1_001L);
        assertThat(result.failed()).isBetween(9L, 11L);
        assertThat(result.notOk()).isBetween(89L, 91L);
        assertThat(result.succeeded() + result.notOk() + result.failed()).isEqualTo(result.scheduled());
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(result.succeeded());
        assertThat(result.firstError()).isNotNull();
        assertThat(result.achievedRate()).isBetween(0.85 * RATE, 0.92 * RATE);
    }
}
