package io.cometmq.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The thread pools requests run on, one per request family, each with a bounded queue: a full queue rejects the
 * request instead of letting one family starve the others.
 */
final class RequestPools {

    /** Runs a request on the I/O thread that read it (for requests that never wait on a disk or a lock for long). */
    static final Executor ON_IO_THREAD = Runnable::run;

    final ThreadPoolExecutor send;
    final ThreadPoolExecutor pull;
    final ThreadPoolExecutor admin;
    final ThreadPoolExecutor client;
    final ThreadPoolExecutor offset;
    final ThreadPoolExecutor pop;
    final ThreadPoolExecutor ack;

    RequestPools(BrokerConfig config) {
        send = pool("send", config.sendMessageThreadPoolNums(), 10_000);
        pull = pool("pull", config.pullMessageThreadPoolNums(), 100_000);
        admin = pool("admin", config.adminBrokerThreadPoolNums(), 1_000);
        client = pool("client", 4, 10_000);
        offset = pool("offset", 4, 10_000);
        pop = pool("pop", config.pullMessageThreadPoolNums(), 100_000);
        ack = pool("ack", 4, 10_000);
    }

    /** Pending requests per pool, keyed as the runtime-info request reports them. */
    Map<String, IntSupplier> queueSizes() {
        return Map.of("send", () -> send.getQueue().size(), "pull", () -> pull.getQueue().size(),
                "query", () -> admin.getQueue().size());
    }

    /**
     * Queued requests under Apache RocketMQ's 12 processor names ({@code rocketmq_processor_watermark}), each read from
     * the pool that serves those requests here (see {@link BrokerRequestTable}): END_TRANSACTION and replies run on
     * the send pool, lite pulls on the pull pool, heartbeats and client management on the client pool, offset
     * requests (Apache's consumer manager pool) on the offset pool, queries on the admin pool, POP acks on the ack
     * pool. CometMQ has no separate async-put stage: that one is 0.
     */
    Map<String, IntSupplier> apacheWatermarks() {
        Map<String, IntSupplier> marks = new LinkedHashMap<>();
        marks.put("send", queued(send));
        marks.put("async_put", () -> 0);
        marks.put("pull", queued(pull));
        marks.put("ack", queued(ack));
        marks.put("query_message", queued(admin));
        marks.put("client_manager", queued(client));
        marks.put("heartbeat", queued(client));
        marks.put("lite_pull", queued(pull));
        marks.put("transaction", queued(send));
        marks.put("consumer_manager", queued(offset));
        marks.put("admin", queued(admin));
        marks.put("reply", queued(send));
        return marks;
    }

    private static IntSupplier queued(ThreadPoolExecutor pool) {
        return () -> pool.getQueue().size();
    }

    /** Lets running requests finish, waiting up to 3 s per pool. */
    void shutdown() {
        List<ExecutorService> all = List.of(send, pull, admin, client, offset, pop, ack);
        all.forEach(ExecutorService::shutdown);
        for (ExecutorService executor : all) {
            try {
                executor.awaitTermination(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queueCapacity) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
                daemonThreads("broker-" + name));
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
