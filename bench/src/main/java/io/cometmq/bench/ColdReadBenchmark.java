package io.cometmq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * Consumes a backlog that is no longer in the page cache: write it (closed-loop producers), wait until the broker
 * has dispatched all of it, evict the stores ({@link PageCache}: sync, page out the brokers' mappings, drop caches),
 * then a new consumer group drains it from the first offset. Neither broker is restarted: a restart re-reads (and so
 * re-caches) the tail of the commit log during recovery, and each product recovers differently.
 */
final class ColdReadBenchmark {

    /** {@code backlogBytes} of bodies of {@code messageSize} bytes, written by {@code producerThreads}. */
    record Settings(int messageSize, long backlogBytes, int producerThreads, int sendTimeoutMillis,
                    Duration stallTimeout) {

        Settings {
            if (messageSize < 1 || backlogBytes < messageSize || producerThreads < 1) {
                throw new IllegalArgumentException("cold read: messageSize, backlogBytes (>= messageSize) and"
                        + " producerThreads must be positive");
            }
        }

        long messages() {
            return backlogBytes / messageSize;
        }
    }

    /**
     * The drain of the evicted backlog. CPU per message is user+system time of the brokers (the NameServer apart)
     * during the drain divided by the messages consumed; {@code foreignCores} is what other processes used meanwhile.
     */
    record Result(long backlog, int messageSize, long writeNanos, PageCache.Eviction eviction,
                  ConsumeBenchmark.Result consume, double brokerCpuMicrosPerMessage,
                  double nameServerCpuMicrosPerMessage, double foreignCores) {

        double tps() {
            return consume.tps();
        }

        /** Body bytes per second (headers and properties not counted, the same for both products). */
        double bytesPerSecond() {
            return consume.tps() * messageSize;
        }
    }

    private static final Duration DISPATCH_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;

    ColdReadBenchmark(Settings settings) {
        this.settings = settings;
    }

    /**
     * The cluster under test, as plain values: {@code brokerPids} every broker JVM (CPU accounting, and their store
     * mappings are paged out), {@code storeDirs} each broker's storePathRootDir.
     */
    record Cluster(String namesrvAddr, List<Long> brokerPids, List<Long> nameServerPids, List<Path> storeDirs,
                   ClusterAdmin admin, ClusterAdmin.LivenessCheck liveness) {
    }

    Result run(Cluster cluster, String topic, String instance, RPCHook rpcHook) throws Exception {
        long started = System.nanoTime();
        ProduceBenchmark.Result written = new ProduceBenchmark(new ProduceBenchmark.Settings(
                settings.producerThreads(), settings.messageSize(), 0, settings.messages(), Duration.ZERO,
                settings.sendTimeoutMillis())).run(cluster.namesrvAddr(), topic, instance + "-backlog", rpcHook);
        long writeNanos = System.nanoTime() - started;
        long stored = awaitDispatched(cluster, topic, written.sent() - written.notOk());

        PageCache.Eviction eviction = PageCache.evict(cluster.storeDirs(), cluster.brokerPids());
        cluster.liveness().ensureAlive();

        List<Long> ours = Stream.of(List.of(ProcessHandle.current().pid()), cluster.brokerPids(),
                cluster.nameServerPids()).flatMap(List::stream).toList();
        CpuMeter.Snapshot before = CpuMeter.take(ours);
        long brokerTicks = CpuMeter.ticks(cluster.brokerPids());
        long nameServerTicks = CpuMeter.ticks(cluster.nameServerPids());
        ConsumeBenchmark.Result consumed = new ConsumeBenchmark(settings.stallTimeout())
                .run(cluster.namesrvAddr(), topic, stored, instance + "-cold", rpcHook);
        double perMessage = 1e6 / CpuMeter.TICKS_PER_SECOND / Math.max(1, consumed.consumed());
        double brokerCpu = (CpuMeter.ticks(cluster.brokerPids()) - brokerTicks) * perMessage;
        double nameServerCpu = (CpuMeter.ticks(cluster.nameServerPids()) - nameServerTicks) * perMessage;
        double foreign = CpuMeter.foreignCores(before, CpuMeter.take(ours));
        cluster.liveness().ensureAlive();
        return new Result(stored, settings.messageSize(), writeNanos, eviction, consumed, brokerCpu, nameServerCpu,
                foreign);
    }

    /** Waits until the topic's queues hold everything acknowledged; returns what they hold. */
    private static long awaitDispatched(Cluster cluster, String topic, long acknowledged) throws Exception {
        Instant deadline = Instant.now().plus(DISPATCH_TIMEOUT);
        long stored = cluster.admin().storedMessages(topic);
        while (stored < acknowledged) {
            cluster.liveness().ensureAlive();
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "cold read: %s holds %d of %d acknowledged"
                        + " messages after %d s", topic, stored, acknowledged, DISPATCH_TIMEOUT.toSeconds()));
            }
            Thread.sleep(200);
            stored = cluster.admin().storedMessages(topic);
        }
        return stored;
    }
}
