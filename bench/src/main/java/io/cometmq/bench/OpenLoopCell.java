package io.cometmq.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The OPEN_LOOP kind: {@link OpenLoopBenchmark} on the cell's first topic. */
final class OpenLoopCell implements CellKindRunner {

    /** Schedule lag (p99) that is noise rather than a generator falling behind: a park overshoots by ~0.1 ms. */
    private static final double GENERATOR_LAG_TOLERANCE_MS = 1.0;

    private final LatencySettings settings;

    OpenLoopCell(LatencySettings settings) {
        this.settings = settings;
    }

    @Override
    public Measurement run(CellContext ctx) throws Exception {
        OpenLoopBenchmark.Settings open = new OpenLoopBenchmark.Settings(ctx.cell().messageSize(),
                settings.openLoopRate(), settings.openLoopWarmup(), settings.openLoopDuration(),
                settings.probeDuration(), ctx.produce().threads(), ctx.produce().sendTimeoutMillis());
        ctx.log(settings.openLoopRate() > 0 ? "sending at " + settings.openLoopRate() + " msg/s ..."
                : "probing the maximum rate for " + settings.probeDuration().toSeconds() + " s, then sending at half"
                        + " of it ...");
        List<Long> ours = new java.util.ArrayList<>(ctx.clusterPids());
        ours.add(ProcessHandle.current().pid());
        CpuMeter.Snapshot before = CpuMeter.take(ours);
        OpenLoopBenchmark.Result result = new OpenLoopBenchmark(open)
                .run(ctx.namesrvAddr(), ctx.brokerPids(), ctx.topics().get(0), ctx.instance(), null);
        ctx.log(result.describe());

        Map<CellMetric, Double> metrics = new EnumMap<>(CellMetric.class);
        metrics.put(CellMetric.OFFERED_RATE, result.targetRate());
        metrics.put(CellMetric.ACHIEVED_RATE, result.achievedRate());
        metrics.put(CellMetric.PROBE_TPS, result.probeTps());
        metrics.put(CellMetric.SEND_P50_MS, result.latencyMillis(50));
        metrics.put(CellMetric.SEND_P99_MS, result.latencyMillis(99));
        metrics.put(CellMetric.SEND_P999_MS, result.latencyMillis(99.9));
        metrics.put(CellMetric.SEND_MAX_MS, result.latencyMillis(100));
        metrics.put(CellMetric.SCHEDULE_LAG_P99_MS, result.scheduleLagMicros().getValueAtPercentile(99) / 1e3);
        metrics.put(CellMetric.SCHEDULE_LAG_MAX_MS, result.scheduleLagMicros().getMaxValue() / 1e3);
        metrics.put(CellMetric.SENT, (double) result.scheduled());
        metrics.put(CellMetric.SEND_ERRORS, (double) result.failed() + result.notOk());
        metrics.put(CellMetric.BROKER_CPU_US_PER_SENT, result.brokerCpuMicrosPerMessage());
        metrics.put(CellMetric.FOREIGN_CORES, CpuMeter.foreignCores(before, CpuMeter.take(ours)));
        List<String> notes = new java.util.ArrayList<>();
        double lagP99 = metrics.get(CellMetric.SCHEDULE_LAG_P99_MS);
        if (lagP99 > Math.max(GENERATOR_LAG_TOLERANCE_MS, metrics.get(CellMetric.SEND_P99_MS) / 4)) {
            notes.add(String.format(java.util.Locale.ROOT, "the generator fell behind (schedule lag p99 %.2f ms): the"
                    + " driver's share of the cores, not only the broker, set these latencies", lagP99));
        }
        if (result.firstError() != null) {
            notes.add("first send error: `" + result.firstError() + "`");
        }
        return new Measurement(metrics, notes);
    }
}
