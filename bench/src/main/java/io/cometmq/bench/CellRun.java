package io.cometmq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** One target running one cell once: fresh cluster, the cell's topics, the kind's measurement, stop. */
final class CellRun {

    /** Everything that must be identical across targets and cells (the cell adds size, topics, groups, ...). */
    record Settings(int producers, long messages, long warmup, Duration duration, int sendTimeoutMillis, int queues,
                    Duration startTimeout, Duration stallTimeout, LatencySettings latency) {

        /** The produce settings of one cell: its size, its share of the message counts. */
        ProduceBenchmark.Settings produceFor(Cell cell) {
            double factor = cell.loadFactor();
            return new ProduceBenchmark.Settings(producers, cell.messageSize(), Math.round(warmup * factor),
                    Math.round(messages * factor), duration, sendTimeoutMillis);
        }
    }

    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Cell cell;
    private final Target target;
    private final int repeat;
    private final Path dir;
    private final TargetRun.ClusterFactory factory;
    private final Settings settings;

    CellRun(Cell cell, Target target, int repeat, Path runDir, TargetRun.ClusterFactory factory, Settings settings) {
        this.cell = cell;
        this.target = target;
        this.repeat = repeat;
        this.dir = runDir.resolve(cell.name().replaceAll("[^A-Za-z0-9_-]", "_") + "-r" + repeat + "-" + target.id());
        this.factory = factory;
        this.settings = settings;
    }

    CellResult execute() {
        long started = System.nanoTime();
        CellKindRunner runner = CellKindRunner.forKind(cell.kind(), settings.latency());
        if (runner == null) {
            log(cell.kind() + " is not implemented yet");
            return CellResult.notRun(cell, target, repeat, Report.Status.UNAVAILABLE, "not implemented", Duration.ZERO);
        }
        TargetCluster cluster;
        try {
            cluster = factory.create(target, cell.layout().build(cell.flush()), dir);
        } catch (ClusterProcess.StartupException e) {
            log("not available: " + e.getMessage());
            return CellResult.notRun(cell, target, repeat, Report.Status.UNAVAILABLE, e.getMessage(), since(started));
        }
        try (cluster) {
            log("starting a NameServer and " + cluster.layout.description() + " (" + cell.flush() + ") in " + dir);
            try {
                cluster.start(settings.startTimeout());
            } catch (ClusterProcess.StartupException e) {
                log("start-up failed: " + e.details());
                Report.Status status = target.apache() ? Report.Status.FAILED : Report.Status.UNAVAILABLE;
                return CellResult.notRun(cell, target, repeat, status, "start-up failed: " + e.summary(),
                        since(started));
            }
            // a generous per-call timeout: creating 1000 topics is measured, not cut short
            try (ClusterAdmin admin = cluster.admin("bench-admin", settings.startTimeout().toMillis())) {
                long createMillis = admin.createTopics(cell.topicNames(), settings.queues(), cluster.masterAddrs(),
                        Instant.now().plus(settings.startTimeout()));
                log(String.format(Locale.ROOT, "%d topic(s) × %d queues created and routed in %,d ms",
                        cell.topics(), settings.queues(), createMillis));
                CellContext context = new CellContext(cell, target, cluster.namesrvAddr(), cluster.masterAddrs(),
                        cell.topicNames(), settings.queues(), settings.produceFor(cell), settings.stallTimeout(),
                        target.id() + "-" + System.nanoTime(), cluster.brokerPids(), cluster.nameServerPids(),
                        cluster.brokerStoreDirs(), admin, cluster::ensureAlive);
                CellKindRunner.Measurement measured = runner.run(context);
                cluster.ensureAlive();
                java.util.Map<CellMetric, Double> metrics = new java.util.EnumMap<>(CellMetric.class);
                metrics.putAll(measured.metrics());
                metrics.put(CellMetric.TOPIC_CREATE_MS, (double) createMillis);
                return new CellResult(cell, target, repeat, Report.Status.OK, null, metrics, measured.notes(),
                        since(started));
            }
        } catch (Exception e) {
            log("failed: " + e);
            e.printStackTrace();
            return CellResult.notRun(cell, target, repeat, Report.Status.FAILED, e.toString(), since(started));
        } finally {
            log("stopped; logs in " + dir);
        }
    }

    private void log(String message) {
        System.err.println("[bench " + java.time.LocalTime.now().format(CLOCK) + "] [" + target.id() + " "
                + cell.name() + " #" + repeat + "] " + message);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
