package io.cometmq.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
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

    final ThreadPoolExecutor send;
    final ThreadPoolExecutor pull;
    final ThreadPoolExecutor admin;
    final ThreadPoolExecutor client;
    final ThreadPoolExecutor offset;

    RequestPools(BrokerConfig config) {
        send = pool("send", config.sendMessageThreadPoolNums(), 10_000);
        pull = pool("pull", config.pullMessageThreadPoolNums(), 100_000);
        admin = pool("admin", config.adminBrokerThreadPoolNums(), 1_000);
        client = pool("client", 4, 10_000);
        offset = pool("offset", 4, 10_000);
    }

    /** Pending requests per pool, keyed as the runtime-info request reports them. */
    Map<String, IntSupplier> queueSizes() {
        return Map.of("send", () -> send.getQueue().size(), "pull", () -> pull.getQueue().size(),
                "query", () -> admin.getQueue().size());
    }

    /** Lets running requests finish, waiting up to 3 s per pool. */
    void shutdown() {
        List<ExecutorService> all = List.of(send, pull, admin, client, offset);
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
