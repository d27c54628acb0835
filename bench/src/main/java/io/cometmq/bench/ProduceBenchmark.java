package io.cometmq.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Closed-loop producer load: N threads share one producer (a {@link DefaultMQProducer}, or the gRPC SDK's through
 * {@link GrpcProduceBenchmark}) and each sends synchronously, so the latency of every send is the client-observed
 * round trip including the broker's flush.
 */
final class ProduceBenchmark {

    record Settings(int threads, int messageSize, long warmupMessages, long messages, Duration duration,
                    int sendTimeoutMillis) {
    }

    /**
     * {@code sent} = measured sends that returned a result ({@code notOk} of them with a status other than
     * SEND_OK), {@code failed} = sends that threw; latencies are in microseconds.
     */
    record Result(long warmupSent, long sent, long notOk, long failed, long elapsedNanos,
                  Histogram latencyMicros, String firstError) {
        /** Only SEND_OK counts: a FLUSH_DISK_TIMEOUT is not the durability SYNC_FLUSH promises. */
        double tps() {
            return elapsedNanos == 0 ? 0 : (sent - notOk) * 1e9 / elapsedNanos;
        }
    }

    /** A target whose sends mostly fail would otherwise take budget × send timeout to finish. */
    private static final long MAX_FAILURES = 100;

    private final Settings settings;

    ProduceBenchmark(Settings settings) {
        this.settings = settings;
    }

    /** One synchronous send of {@code body}; returns null when the broker stored it, else what it answered. */
    interface Sender {
        String send(byte[] body) throws Exception;
    }

    /** Called around the measured phase (after the warm-up), e.g. to read CPU counters over exactly that phase. */
    interface PhaseListener {
        PhaseListener NONE = new PhaseListener() { };

        default void measuredStarting() {
        }

        default void measuredDone() {
        }
    }

    Result run(String namesrvAddr, String topic, String instanceName, org.apache.rocketmq.remoting.RPCHook rpcHook)
            throws Exception {
        return run(namesrvAddr, List.of(topic), instanceName, rpcHook, PhaseListener.NONE);
    }

    /**
     * Sends to {@code topics} in turn (message i to topic i mod n); within a topic the client's own selector
     * rotates over the queues.
     */
    Result run(String namesrvAddr, List<String> topics, String instanceName,
            org.apache.rocketmq.remoting.RPCHook rpcHook, PhaseListener listener) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("bench_producer_" + instanceName, rpcHook);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(instanceName);
        // The VIP channel is Apache's second port (listenPort-2); plain listenPort is the common ground.
        producer.setVipChannelEnabled(false);
        producer.setSendMsgTimeout(settings.sendTimeoutMillis());
        producer.start();
        try {
            String[] names = topics.toArray(String[]::new);
            AtomicLong next = new AtomicLong();
            return run(body -> {
                String topic = names[(int) (next.getAndIncrement() % names.length)];
                SendResult result = producer.send(new Message(topic, "bench", body));
                return result.getSendStatus() == SendStatus.SEND_OK ? null : "status " + result.getSendStatus();
            }, listener);
        } finally {
            producer.shutdown();
        }
    }

    /** Warm-up, then the measured phase, each with {@code settings.threads()} threads calling {@code sender}. */
    Result run(Sender sender) throws Exception {
        return run(sender, PhaseListener.NONE);
    }

    Result run(Sender sender, PhaseListener listener) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            long warmupSent = 0;
            if (settings.warmupMessages() > 0) {
                warmupSent = phase(pool, sender, settings.warmupMessages(), Duration.ofMinutes(10), 0).sent();
            }
            listener.measuredStarting();
            Result measured = phase(pool, sender, settings.messages(), settings.duration(), warmupSent);
            listener.measuredDone();
            return measured;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Sends until {@code budget} messages (0 = unlimited) have been issued or {@code limit} has passed. */
    private Result phase(ExecutorService pool, Sender sender, long budget, Duration limit, long warmupSent)
            throws Exception {
        AtomicLong tickets = new AtomicLong(budget > 0 ? budget : Long.MAX_VALUE);
        AtomicLong sent = new AtomicLong();
        AtomicLong notOk = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicBoolean abort = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        // Written before the latch opens, so every worker sees it once released.
        AtomicLong deadline = new AtomicLong();

        List<Future<Histogram>> workers = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            workers.add(pool.submit(() -> {
                byte[] body = new byte[settings.messageSize()];
                ThreadLocalRandom.current().nextBytes(body);
                Histogram histogram = new Histogram(3);
                go.await();
                long end = deadline.get();
                while (!abort.get() && tickets.getAndDecrement() > 0 && System.nanoTime() - end < 0) {
                    long t0 = System.nanoTime();
                    try {
                        String problem = sender.send(body);
                        histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                        sent.incrementAndGet();
                        if (problem != null) {
                            notOk.incrementAndGet();
                            firstError.compareAndSet(null, problem);
                        }
                    } catch (Exception e) {
                        firstError.compareAndSet(null, e.toString());
                        if (failed.incrementAndGet() >= MAX_FAILURES && failed.get() > sent.get()) {
                            abort.set(true);
                        }
                    }
                }
                return histogram;
            }));
        }
        long start = System.nanoTime();
        // "No limit" as start + Long.MAX_VALUE: the wrap-around is harmless for nanoTime differences.
        deadline.set(start + (limit.isZero() ? Long.MAX_VALUE : limit.toNanos()));
        go.countDown();
        Histogram total = new Histogram(3);
        for (Future<Histogram> worker : workers) {
            total.add(worker.get());
        }
        long elapsed = System.nanoTime() - start;
        if (abort.get()) {
            throw new IllegalStateException(failed.get() + " sends failed (" + sent.get() + " succeeded), first: "
                    + firstError.get());
        }
        return new Result(warmupSent, sent.get(), notOk.get(), failed.get(), elapsed, total, firstError.get());
    }
}
