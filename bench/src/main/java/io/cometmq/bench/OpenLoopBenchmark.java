package io.cometmq.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * Send latency at a fixed rate rather than at saturation. Message i is due at {@code start + i / rate}; one thread
 * issues each asynchronous send when it is due (or at once, when behind), and its latency is completion time minus
 * <em>due</em> time. A broker stall therefore counts against every message scheduled behind it, as a real producer at
 * that rate would see it (no coordinated omission). How late the generator itself issued each send is the schedule
 * lag: if it grows, the client, not the broker, was the bottleneck.
 *
 * <p>The rate is given, or half the maximum that a short closed-loop probe ({@link ProduceBenchmark}, the
 * THROUGHPUT cell's load) reaches on the same cluster just before. Sends due in the warm-up are not measured.
 */
final class OpenLoopBenchmark {

    /** {@code rate} in messages per second, 0 = half the probe's maximum. */
    record Settings(int messageSize, double rate, Duration warmup, Duration duration, Duration probeDuration,
                    int probeThreads, int sendTimeoutMillis) {

        Settings {
            if (messageSize < 1 || rate < 0 || duration.isZero() || duration.isNegative() || warmup.isNegative()
                    || probeThreads < 1) {
                throw new IllegalArgumentException("open loop: messageSize, duration and probeThreads must be"
                        + " positive, rate and warmup not negative");
            }
            if (rate == 0 && probeDuration.isZero()) {
                throw new IllegalArgumentException("open loop: without a rate the probe needs a duration");
            }
        }
    }

    /**
     * The measured window. {@code succeeded} + {@code notOk} + {@code failed} = {@code scheduled}; {@code notOk}
     * answered with a status other than SEND_OK, {@code failed} threw, timed out or never completed. Latencies and
     * lags in microseconds; {@code probeTps} is NaN when the rate was given.
     */
    record Result(double probeTps, double targetRate, long scheduled, long succeeded, long notOk, long failed,
                  long windowNanos, Histogram latencyMicros, Histogram scheduleLagMicros,
                  double brokerCpuMicrosPerMessage, String firstError) {

        double achievedRate() {
            return windowNanos == 0 ? 0 : succeeded * 1e9 / windowNanos;
        }

        double latencyMillis(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1e3;
        }

        String describe() {
            return String.format(Locale.ROOT, "open loop at %,.0f msg/s%s: achieved %,.0f msg/s, p50 %.2f ms,"
                            + " p99 %.2f ms, p99.9 %.2f ms, max %.1f ms, failed %d, not OK %d; schedule lag p99 %.2f ms,"
                            + " max %.1f ms; broker CPU %.1f µs/msg", targetRate,
                    Double.isNaN(probeTps) ? "" : String.format(Locale.ROOT, " (probe max %,.0f)", probeTps),
                    achievedRate(), latencyMillis(50), latencyMillis(99), latencyMillis(99.9),
                    latencyMicros.getMaxValue() / 1e3, failed, notOk,
                    scheduleLagMicros.getValueAtPercentile(99) / 1e3, scheduleLagMicros.getMaxValue() / 1e3,
                    brokerCpuMicrosPerMessage);
        }
    }

    /** The first send is due this long after the loop starts, so that set-up does not count as lag. */
    private static final long START_DELAY_NANOS = 20_000_000;
    /** Sends still open this long after their timeout are counted as failed. */
    private static final long COMPLETION_GRACE_NANOS = 5_000_000_000L;

    /** Where a due message goes: must return at once and report the outcome to {@code completion} later. */
    interface AsyncSender {
        void send(byte[] body, Completion completion) throws Exception;
    }

    /** The outcome of one send; exactly one call per send. */
    interface Completion {
        /** The broker stored it ({@code problem} null) or answered something else. */
        void answered(String problem);

        void failed(Throwable error);
    }

    private final Settings settings;

    OpenLoopBenchmark(Settings settings) {
        this.settings = settings;
    }

    /** {@code brokerPids}: every broker JVM, for CPU per message. */
    Result run(String namesrvAddr, List<Long> brokerPids, String topic, String instance, RPCHook rpcHook)
            throws Exception {
        double probeTps = Double.NaN;
        double rate = settings.rate();
        if (rate == 0) {
            probeTps = new ProduceBenchmark(new ProduceBenchmark.Settings(settings.probeThreads(),
                    settings.messageSize(), 1_000, 0, settings.probeDuration(), settings.sendTimeoutMillis()))
                    .run(namesrvAddr, topic, instance + "-probe", rpcHook).tps();
            rate = probeTps / 2;
            if (rate < 1) {
                throw new IllegalStateException("open loop: the max-rate probe reached only " + probeTps + " msg/s");
            }
        }
        DefaultMQProducer producer = new DefaultMQProducer("bench_producer_" + instance, rpcHook);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(instance);
        producer.setVipChannelEnabled(false);
        producer.setSendMsgTimeout(settings.sendTimeoutMillis());
        producer.start();
        try {
            AsyncSender sender = (body, completion) -> producer.send(new Message(topic, "bench", body),
                    new SendCallback() {
                        @Override
                        public void onSuccess(SendResult result) {
                            completion.answered(result.getSendStatus() == SendStatus.SEND_OK ? null
                                    : "status " + result.getSendStatus());
                        }

                        @Override
                        public void onException(Throwable e) {
                            completion.failed(e);
                        }
                    }, settings.sendTimeoutMillis());
            return schedule(sender, rate, probeTps, brokerPids);
        } finally {
            producer.shutdown();
        }
    }

    /** The open loop itself, at {@code rate} msg/s through {@code sender}; {@code brokers} for CPU per message. */
    Result schedule(AsyncSender sender, double rate, double probeTps, List<Long> brokers)
            throws InterruptedException {
        byte[] body = new byte[settings.messageSize()];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(body);
        Histogram latency = new ConcurrentHistogram(3);
        Histogram lag = new Histogram(3);
        AtomicLong succeeded = new AtomicLong();
        AtomicLong notOk = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();

        long start = System.nanoTime() + START_DELAY_NANOS;
        long windowStart = start + settings.warmup().toNanos();
        long windowEnd = windowStart + settings.duration().toNanos();
        double intervalNanos = 1e9 / rate;
        long scheduled = 0;
        long brokerTicks = -1;
        for (long i = 0; ; i++) {
            long due = start + Math.round(i * intervalNanos);
            if (due - windowEnd >= 0) {
                break;
            }
            long now = System.nanoTime();
            if (due - now > 0) {
                // Parking overshoots by tens of µs; that lands in both the lag and the latency, for every target.
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            boolean measured = due - windowStart >= 0;
            if (measured) {
                if (brokerTicks < 0) {
                    brokerTicks = CpuMeter.ticks(brokers);
                }
                scheduled++;
                lag.recordValue(Math.max(0, now - due) / 1_000);
            }
            Completion completion = new Completion() {
                @Override
                public void answered(String problem) {
                    long micros = Math.max(1, (System.nanoTime() - due) / 1_000);
                    if (measured) {
                        if (problem == null) {
                            latency.recordValue(micros);
                            succeeded.incrementAndGet();
                        } else {
                            notOk.incrementAndGet();
                            firstError.compareAndSet(null, problem);
                        }
                        completed.incrementAndGet();
                    }
                }

                @Override
                public void failed(Throwable error) {
                    if (measured) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error.toString());
                        completed.incrementAndGet();
                    }
                }
            };
            try {
                sender.send(body, completion);
            } catch (Exception e) {
                completion.failed(e);
            }
        }
        long quietBy = System.nanoTime() + settings.sendTimeoutMillis() * 1_000_000L + COMPLETION_GRACE_NANOS;
        while (completed.get() < scheduled && System.nanoTime() - quietBy < 0) {
            Thread.sleep(10);
        }
        long lost = scheduled - completed.get();
        if (lost > 0) {
            firstError.compareAndSet(null, lost + " sends never completed");
        }
        double cpu = (CpuMeter.ticks(brokers) - brokerTicks) * (1e6 / CpuMeter.TICKS_PER_SECOND)
                / Math.max(1, succeeded.get());
        return new Result(probeTps, rate, scheduled, succeeded.get(), notOk.get(), failed.get() + lost,
                windowEnd - windowStart, latency, lag, cpu, firstError.get());
    }
}
