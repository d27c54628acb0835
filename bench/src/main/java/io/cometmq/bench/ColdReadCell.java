package io.cometmq.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The COLD_READ kind: {@link ColdReadBenchmark} on the cell's first topic. */
final class ColdReadCell implements CellKindRunner {

    private final LatencySettings settings;

    ColdReadCell(LatencySettings settings) {
        this.settings = settings;
    }

    @Override
    public Measurement run(CellContext ctx) throws Exception {
        ColdReadBenchmark.Settings cold = new ColdReadBenchmark.Settings(ctx.cell().messageSize(),
                settings.coldBacklogBytes(), ctx.produce().threads(), ctx.produce().sendTimeoutMillis(),
                ctx.stallTimeout());
        ctx.log(String.format(Locale.ROOT, "writing a backlog of %,d messages of %,d B, then evicting the stores ...",
                cold.messages(), cold.messageSize()));
        ColdReadBenchmark.Result result = new ColdReadBenchmark(cold).run(new ColdReadBenchmark.Cluster(
                ctx.namesrvAddr(), ctx.brokerPids(), ctx.nameServerPids(), ctx.brokerStoreDirs(), ctx.admin(),
                ctx.liveness()), ctx.topics().get(0), ctx.instance(), null);
        PageCache.Eviction eviction = result.eviction();
        ConsumeBenchmark.Result consumed = result.consume();
        ctx.log(String.format(Locale.ROOT, "backlog written in %.1f s; evicted: %s; drained %,d/%,d in %.1f s: "
                        + "%,.0f msg/s, %.1f MiB/s, broker %.1f µs/msg", result.writeNanos() / 1e9, eviction.describe(),
                consumed.consumed(), consumed.expected(), consumed.drainNanos() / 1e9, result.tps(),
                result.bytesPerSecond() / (1 << 20), result.brokerCpuMicrosPerMessage()));

        Map<CellMetric, Double> metrics = new EnumMap<>(CellMetric.class);
        metrics.put(CellMetric.CONSUME_TPS, result.tps());
        metrics.put(CellMetric.CONSUME_MIB_S, result.bytesPerSecond() / (1 << 20));
        metrics.put(CellMetric.BROKER_CPU_US_PER_CONSUMED, result.brokerCpuMicrosPerMessage());
        metrics.put(CellMetric.NAMESRV_CPU_US_PER_CONSUMED, result.nameServerCpuMicrosPerMessage());
        metrics.put(CellMetric.DELIVERED, (double) consumed.consumed());
        metrics.put(CellMetric.EXPECTED, (double) consumed.expected());
        metrics.put(CellMetric.FIRST_MESSAGE_MS, consumed.firstMessageNanos() / 1e6);
        metrics.put(CellMetric.FOREIGN_CORES, result.foreignCores());
        metrics.put(CellMetric.STORE_MIB, eviction.storeBytes() / (double) (1 << 20));
        metrics.put(CellMetric.STORE_RESIDENT_MIB, eviction.verified()
                ? eviction.residentAfter() / (double) (1 << 20) : Double.NaN);
        List<String> notes = new java.util.ArrayList<>(List.of("evicted: " + eviction.describe()));
        if (!consumed.complete()) {
            notes.add(String.format(Locale.ROOT, "consumer stalled: %,d of %,d delivered", consumed.consumed(),
                    consumed.expected()));
        }
        return new Measurement(metrics, notes);
    }
}
