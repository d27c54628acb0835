package io.cometmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixReportTest {

    private final Cell base = Cell.BASE;
    private final MatrixReport report = new MatrixReport(List.of(base), "Apache RocketMQ 5.5.0");

    private void add(Target target, int repeat, double produceTps, double consumeTps, double p99, double cpuSent,
            double cpuConsumed) {
        report.add(new CellResult(base, target, repeat, Report.Status.OK, null, Map.of(
                CellMetric.PRODUCE_TPS, produceTps, CellMetric.CONSUME_TPS, consumeTps,
                CellMetric.SEND_P99_MS, p99, CellMetric.BROKER_CPU_US_PER_SENT, cpuSent,
                CellMetric.BROKER_CPU_US_PER_CONSUMED, cpuConsumed), List.of(), Duration.ofSeconds(30)));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(MatrixReport.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(MatrixReport.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(MatrixReport.median(new double[0])).isNaN();
    }

    @Test
    void summaryUsesMediansAndJudgesEachTargetOfTheIssue() {
        // Apache's medians: 1000 produce, 2000 consume, p99 10 ms, 100/50 µs; the outlier repeat is ignored.
        add(Target.APACHE, 0, 1000, 2000, 10, 100, 50);
        add(Target.APACHE, 1, 9000, 2000, 10, 100, 50);
        add(Target.APACHE, 2, 900, 1900, 12, 110, 55);
        add(Target.COMETMQ, 0, 2500, 4000, 4, 40, 30);
        add(Target.COMETMQ, 1, 2500, 4100, 6, 45, 30);
        add(Target.COMETMQ, 2, 2400, 4200, 5, 40, 30);
        report.add(CellResult.notRun(base, Target.COMETMQ, 3, Report.Status.FAILED, "boom", Duration.ZERO));

        assertThat(report.median(base, Target.APACHE, CellMetric.PRODUCE_TPS)).isEqualTo(1000);
        assertThat(report.ratio(base, CellMetric.PRODUCE_TPS)).isEqualTo(2.5);
        assertThat(report.verdict(base, List.of(CellMetric.PRODUCE_TPS, CellMetric.CONSUME_TPS)))
                .isEqualTo("✓ 2.50 / 2.05");
        assertThat(report.verdict(base, List.of(CellMetric.SEND_P99_MS))).isEqualTo("✓ 0.50");
        // consume CPU is 30/50 = 0.6: one of the two misses, so the CPU target is not met
        assertThat(report.verdict(base, List.of(CellMetric.BROKER_CPU_US_PER_SENT,
                CellMetric.BROKER_CPU_US_PER_CONSUMED))).isEqualTo("✗ 0.40 / 0.60");

        String section = report.section("test", List.of("- preamble"));
        assertThat(section).contains("| base | 1,000 | 2,500 | 2.50 | 2.05 |")
                .contains("base, CometMQ: 1 of 4 repeats not measured — failed: boom");
    }

    @Test
    void aTargetWithoutResultsGivesNoRatioAndNoVerdict() {
        add(Target.APACHE, 0, 1000, 2000, 10, 100, 50);

        assertThat(report.ratio(base, CellMetric.PRODUCE_TPS)).isNaN();
        assertThat(report.verdict(base, List.of(CellMetric.PRODUCE_TPS))).isEqualTo("—");
    }
}
