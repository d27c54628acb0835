package io.cometmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyTablesTest {

    private final Cell cold = Cell.of(1024, 1, 1, FlushDiskType.ASYNC_FLUSH, ClusterLayout.Kind.SINGLE,
            CellKind.COLD_READ);
    private final Cell open = Cell.of(1024, 1, 1, FlushDiskType.ASYNC_FLUSH, ClusterLayout.Kind.SINGLE,
            CellKind.OPEN_LOOP);
    private final MatrixReport report = new MatrixReport(List.of(Cell.BASE, cold, open), "Apache RocketMQ 5.5.0");

    private void add(Cell cell, Target target, int repeat, Map<CellMetric, Double> metrics) {
        report.add(new CellResult(cell, target, repeat, Report.Status.OK, null, metrics, List.of(),
                Duration.ofSeconds(60)));
    }

    @Test
    void coldReadRowShowsMediansRatiosAndWhatStayedCached() {
        add(cold, Target.APACHE, 0, Map.of(CellMetric.CONSUME_TPS, 30_000.0, CellMetric.CONSUME_MIB_S, 29.3,
                CellMetric.BROKER_CPU_US_PER_CONSUMED, 20.0, CellMetric.STORE_RESIDENT_MIB, 37.0));
        add(cold, Target.APACHE, 1, Map.of(CellMetric.CONSUME_TPS, 90_000.0, CellMetric.CONSUME_MIB_S, 87.9,
                CellMetric.BROKER_CPU_US_PER_CONSUMED, 20.0, CellMetric.STORE_RESIDENT_MIB, 37.0));
        add(cold, Target.APACHE, 2, Map.of(CellMetric.CONSUME_TPS, 10_000.0, CellMetric.CONSUME_MIB_S, 9.8,
                CellMetric.BROKER_CPU_US_PER_CONSUMED, 20.0, CellMetric.STORE_RESIDENT_MIB, 37.0));
        add(cold, Target.COMETMQ, 0, Map.of(CellMetric.CONSUME_TPS, 60_000.0, CellMetric.CONSUME_MIB_S, 58.6,
                CellMetric.BROKER_CPU_US_PER_CONSUMED, 8.0, CellMetric.STORE_RESIDENT_MIB, 0.0));

        String tables = new LatencyTables(report, "Apache RocketMQ 5.5.0").render(List.of(Cell.BASE, cold));

        assertThat(tables).contains("### Cold read")
                .contains("| cold-read | 30,000 | 60,000 | 2.00 | 29.3 | 58.6 | 20.0 | 8.0 | 0.40 | 37 / 0 |")
                .doesNotContain("### Open loop");
    }

    @Test
    void openLoopRowShowsRatesPercentilesAndTheP99Ratio() {
        add(open, Target.APACHE, 0, Map.of(CellMetric.OFFERED_RATE, 10_000.0, CellMetric.ACHIEVED_RATE, 9_990.0,
                CellMetric.SEND_P50_MS, 1.0, CellMetric.SEND_P99_MS, 8.0, CellMetric.SEND_P999_MS, 20.0,
                CellMetric.SEND_MAX_MS, 40.0, CellMetric.SCHEDULE_LAG_P99_MS, 0.1, CellMetric.SEND_ERRORS, 0.0));
        add(open, Target.COMETMQ, 0, Map.of(CellMetric.OFFERED_RATE, 20_000.0, CellMetric.ACHIEVED_RATE, 19_990.0,
                CellMetric.SEND_P50_MS, 0.5, CellMetric.SEND_P99_MS, 2.0, CellMetric.SEND_P999_MS, 5.0,
                CellMetric.SEND_MAX_MS, 9.0, CellMetric.SCHEDULE_LAG_P99_MS, 0.2, CellMetric.SEND_ERRORS, 3.0));

        String tables = new LatencyTables(report, "Apache RocketMQ 5.5.0").render(List.of(open));

        assertThat(tables).contains("### Open loop").doesNotContain("### Cold read")
                .contains("| open-loop | 10,000 | 20,000 | 9,990 | 19,990 | 1.00 | 0.50 | 8.00 | 2.00 | 0.25 "
                        + "| 20.00 | 5.00 | 40.0 / 9.0 | 0.10 / 0.20 | 0 / 3 |");
        assertThat(new LatencyTables(report, "x").render(List.of(Cell.BASE))).isEmpty();
    }
}
