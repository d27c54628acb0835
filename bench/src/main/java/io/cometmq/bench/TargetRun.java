package io.cometmq.bench;

import io.cometmq.bench.Report.Outcome;
import io.cometmq.bench.Report.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** One target in one flush mode: fresh cluster, explicit topic, produce, consume, stop. */
final class TargetRun {

    /** Builds the cluster for a target, or says why that target cannot run at all. */
    interface ClusterFactory {
        TargetCluster create(Target target, ClusterLayout layout, Path dir) throws ClusterProcess.StartupException;
    }

    /** Everything that must be identical across targets. */
    record Load(ClusterLayout.Kind layout, ProduceBenchmark.Settings produce, int queues, Duration startTimeout,
                Duration stallTimeout) {
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Target target;
    private final FlushDiskType mode;
    private final Path dir;
    private final ClusterFactory factory;
    private final Load load;
    private final String tag;

    TargetRun(Target target, FlushDiskType mode, Path runDir, ClusterFactory factory, Load load) {
        this.target = target;
        this.mode = mode;
        this.dir = runDir.resolve(target.id() + "-" + mode.name().toLowerCase(Locale.ROOT));
        this.factory = factory;
        this.load = load;
        this.tag = "[" + target.id() + " " + mode + "]";
    }

    Outcome execute() {
        long started = System.nanoTime();
        TargetCluster cluster;
        try {
            cluster = factory.create(target, load.layout().build(mode), dir);
        } catch (ClusterProcess.StartupException e) {
            log("not available: " + e.getMessage());
            return Outcome.notRun(target, mode, Status.UNAVAILABLE, e.getMessage(), since(started));
        }
        try (cluster) {
            log("starting a NameServer and " + cluster.layout.description() + " in " + dir);
            try {
                cluster.start(load.startTimeout());
            } catch (ClusterProcess.StartupException e) {
                log("start-up failed: " + e.details());
                // CometMQ not starting is an expected state while it is being built; Apache not starting is not.
                Status status = target == Target.COMETMQ || target == Target.COMETMQ_GRPC ? Status.UNAVAILABLE
                        : Status.FAILED;
                return Outcome.notRun(target, mode, status, "start-up failed: " + e.summary(), since(started));
            }
            log("cluster up, NameServer " + cluster.namesrvAddr() + ", brokers " + cluster.masterAddrs());
            return measure(cluster, started);
        } catch (Exception e) {
            log("failed: " + e);
            e.printStackTrace();
            return Outcome.notRun(target, mode, Status.FAILED, e.toString(), since(started));
        } finally {
            log("stopped; logs in " + dir);
        }
    }

    private Outcome measure(TargetCluster cluster, long started) throws Exception {
        String topic = "bench_" + mode.name().toLowerCase(Locale.ROOT);
        String instance = target.id() + "-" + mode + "-" + System.nanoTime();
        try (ClusterAdmin admin = cluster.admin("bench-admin");
                MetricsScraper scraper = new MetricsScraper(cluster.metricsEndpoints()).start()) {
            admin.createTopic(topic, load.queues(), cluster.masterAddrs(), Instant.now().plusSeconds(30));
            org.apache.rocketmq.remoting.RPCHook appHook = null;
            if (target.acl()) {
                admin.createAppUser(cluster.masterAddrs().values());
                appHook = BenchAuth.appHook();
            }
            List<Long> ours = Stream.concat(Stream.of(ProcessHandle.current().pid()),
                    cluster.processes().stream().map(ClusterProcess::pid)).toList();
            CpuMeter.Snapshot cpuBefore = CpuMeter.take(ours);

            log("producing to " + topic + " ...");
            List<Long> clusterPids = cluster.processes().stream().map(ClusterProcess::pid).toList();
            long clusterTicksBefore = CpuMeter.ticks(clusterPids);
            ProduceBenchmark.Result produced = target.grpc()
                    ? new GrpcProduceBenchmark(load.produce()).run(cluster.grpcEndpoints(), topic)
                    : new ProduceBenchmark(load.produce()).run(cluster.namesrvAddr(), topic, instance, appHook);
            // warm-up sends included: the ticks cover the whole produce phase
            double clusterCpuMicrosPerSend = (CpuMeter.ticks(clusterPids) - clusterTicksBefore)
                    * (1e6 / CpuMeter.TICKS_PER_SECOND) / Math.max(1, produced.warmupSent() + produced.sent());
            cluster.ensureAlive();
            log(String.format(Locale.ROOT, "produced %,d in %.1f s: %,.0f msg/s, p50 %.2f ms, p99 %.2f ms,"
                            + " max %.1f ms, errors %d", produced.sent(), produced.elapsedNanos() / 1e9,
                    produced.tps(), produced.latencyMicros().getValueAtPercentile(50) / 1e3,
                    produced.latencyMicros().getValueAtPercentile(99) / 1e3,
                    produced.latencyMicros().getMaxValue() / 1e3, produced.failed() + produced.notOk()));

            long stored = admin.storedMessages(topic);
            if (stored < 0) {
                stored = produced.warmupSent() + produced.sent();
                log("topic stats unavailable; expecting the " + stored + " acknowledged sends");
            }
            log("consuming " + stored + " stored messages ...");
            String group = "bench_consumer_" + instance.replaceAll("[^a-zA-Z0-9_-]", "_");
            if (target.grpc()) {
                admin.createGroup(group, cluster.masterAddrs().values());
            }
            ConsumeBenchmark.Result consumed = target.grpc()
                    ? new GrpcConsumeBenchmark(load.stallTimeout()).run(cluster.grpcEndpoints(), topic, stored, group,
                            load.produce().sendTimeoutMillis())
                    : new ConsumeBenchmark(load.stallTimeout())
                            .run(cluster.namesrvAddr(), topic, stored, instance, appHook);
            double foreignCores = CpuMeter.foreignCores(cpuBefore, CpuMeter.take(ours));
            if (target.metrics()) {
                log("metrics: " + scraper.summary());
                if (scraper.scrapes() == 0) {
                    throw new IllegalStateException("metrics on, but no scrape succeeded: " + scraper.summary());
                }
            }
            log(String.format(Locale.ROOT, "consumed %,d/%,d in %.1f s: %,.0f msg/s (first after %.0f ms);"
                            + " other processes used %.2f cores meanwhile", consumed.consumed(),
                    consumed.expected(), consumed.drainNanos() / 1e9, consumed.tps(),
                    consumed.firstMessageNanos() / 1e6, foreignCores));
            return new Outcome(target, mode, Status.OK, null, produced, consumed, foreignCores,
                    clusterCpuMicrosPerSend, since(started));
        }
    }

    private void log(String message) {
        System.err.println("[bench " + LocalTime.now().format(CLOCK) + "] " + tag + " " + message);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
