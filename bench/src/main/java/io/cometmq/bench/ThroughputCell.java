package io.cometmq.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The THROUGHPUT kind: closed-loop producers fill the cell's topics (round-robin), then every consumer group drains
 * the whole backlog. CPU per message is read from /proc for the broker JVMs and the NameServer separately, over the
 * measured produce phase and over the consume phase.
 */
final class ThroughputCell implements CellKindRunner {

    @Override
    public Measurement run(CellContext ctx) throws Exception {
        Map<CellMetric, Double> metrics = new EnumMap<>(CellMetric.class);
        List<String> notes = new ArrayList<>();
        List<Long> ours = new ArrayList<>(ctx.clusterPids());
        ours.add(ProcessHandle.current().pid());
        CpuMeter.Snapshot machineBefore = CpuMeter.take(ours);

        long[] brokerTicks = new long[2];
        long[] namesrvTicks = new long[2];
        ctx.log(String.format(Locale.ROOT, "producing %,d + %,d warm-up messages of %,d B to %d topic(s) ...",
                ctx.produce().messages(), ctx.produce().warmupMessages(), ctx.cell().messageSize(),
                ctx.topics().size()));
        ProduceBenchmark.Result produced = new ProduceBenchmark(ctx.produce()).run(ctx.namesrvAddr(), ctx.topics(),
                ctx.instance(), null, new ProduceBenchmark.PhaseListener() {
                    @Override
                    public void measuredStarting() {
                        brokerTicks[0] = CpuMeter.ticks(ctx.brokerPids());
                        namesrvTicks[0] = CpuMeter.ticks(ctx.nameServerPids());
                    }

                    @Override
                    public void measuredDone() {
                        brokerTicks[1] = CpuMeter.ticks(ctx.brokerPids());
                        namesrvTicks[1] = CpuMeter.ticks(ctx.nameServerPids());
                    }
                });
        ctx.liveness().ensureAlive();
        long measuredSends = Math.max(1, produced.sent());
        metrics.put(CellMetric.PRODUCE_TPS, produced.tps());
        metrics.put(CellMetric.SEND_P50_MS, produced.latencyMicros().getValueAtPercentile(50) / 1e3);
        metrics.put(CellMetric.SEND_P99_MS, produced.latencyMicros().getValueAtPercentile(99) / 1e3);
        metrics.put(CellMetric.SENT, (double) produced.sent());
        metrics.put(CellMetric.SEND_ERRORS, (double) produced.failed() + produced.notOk());
        metrics.put(CellMetric.BROKER_CPU_US_PER_SENT, micros(brokerTicks[1] - brokerTicks[0]) / measuredSends);
        metrics.put(CellMetric.NAMESRV_CPU_US_PER_SENT, micros(namesrvTicks[1] - namesrvTicks[0]) / measuredSends);
        if (produced.firstError() != null) {
            notes.add("first send error: `" + produced.firstError() + "`");
        }
        ctx.log(String.format(Locale.ROOT, "produced %,d in %.1f s: %,.0f msg/s, p99 %.2f ms, broker %.1f µs/msg",
                produced.sent(), produced.elapsedNanos() / 1e9, produced.tps(),
                metrics.get(CellMetric.SEND_P99_MS), metrics.get(CellMetric.BROKER_CPU_US_PER_SENT)));

        long answered = produced.warmupSent() + produced.sent();
        long visibleAfter = System.nanoTime();
        long stored = awaitStored(ctx, answered);
        visibleAfter = System.nanoTime() - visibleAfter;
        if (stored < 0) {
            notes.add("topic stats unavailable; expected the answered sends");
        } else if (stored < answered) {
            notes.add(String.format(Locale.ROOT, "topic stats showed %,d of %,d answered sends after %d s "
                    + "(consume queues behind the commit log); expected all answered sends", stored, answered,
                    ctx.stallTimeout().toSeconds()));
        } else {
            metrics.put(CellMetric.STATS_CATCH_UP_MS, visibleAfter / 1e6);
        }
        // every answered send is stored (non-OK statuses too), whatever the stats say at this moment
        stored = Math.max(stored, answered);
        List<String> groups = IntStream.range(0, ctx.cell().groups())
                .mapToObj(g -> "bench_consumer_" + ctx.instance().replaceAll("[^a-zA-Z0-9_-]", "_") + "_" + g)
                .toList();
        ctx.log(String.format(Locale.ROOT, "%d group(s) each draining %,d stored messages ...", groups.size(),
                stored));
        long brokerBefore = CpuMeter.ticks(ctx.brokerPids());
        long namesrvBefore = CpuMeter.ticks(ctx.nameServerPids());
        ConsumeBenchmark.Result consumed = new ConsumeBenchmark(ctx.stallTimeout())
                .run(ctx.namesrvAddr(), ctx.topics(), groups, stored, ctx.instance(), null);
        long delivered = Math.max(1, consumed.consumed());
        metrics.put(CellMetric.BROKER_CPU_US_PER_CONSUMED,
                micros(CpuMeter.ticks(ctx.brokerPids()) - brokerBefore) / delivered);
        metrics.put(CellMetric.NAMESRV_CPU_US_PER_CONSUMED,
                micros(CpuMeter.ticks(ctx.nameServerPids()) - namesrvBefore) / delivered);
        metrics.put(CellMetric.CONSUME_TPS, consumed.tps());
        metrics.put(CellMetric.DELIVERED, (double) consumed.consumed());
        metrics.put(CellMetric.EXPECTED, (double) consumed.expected());
        metrics.put(CellMetric.FIRST_MESSAGE_MS, consumed.firstMessageNanos() / 1e6);
        metrics.put(CellMetric.FOREIGN_CORES, CpuMeter.foreignCores(machineBefore, CpuMeter.take(ours)));
        if (!consumed.complete()) {
            notes.add(String.format(Locale.ROOT, "consumers stalled: %,d of %,d delivered", consumed.consumed(),
                    consumed.expected()));
        }
        ctx.log(String.format(Locale.ROOT, "consumed %,d/%,d in %.1f s: %,.0f msg/s, broker %.1f µs/msg",
                consumed.consumed(), consumed.expected(), consumed.drainNanos() / 1e9, consumed.tps(),
                metrics.get(CellMetric.BROKER_CPU_US_PER_CONSUMED)));
        return new Measurement(metrics, notes);
    }

    /**
     * The stored count once it covers every answered send: the consume queues are built asynchronously, so right
     * after the last send the stats can lag behind. Gives up after the stall timeout.
     */
    private static long awaitStored(CellContext ctx, long answered) throws Exception {
        long deadline = System.nanoTime() + ctx.stallTimeout().toNanos();
        long stored = ctx.admin().storedMessages(ctx.topics());
        while (stored >= 0 && stored < answered && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stored = ctx.admin().storedMessages(ctx.topics());
        }
        return stored;
    }

    private static double micros(long ticks) {
        return ticks * (1e6 / CpuMeter.TICKS_PER_SECOND);
    }
}
