package io.cometmq.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The markdown of a matrix run: one summary table (medians over the repeats, CometMQ/Apache ratios, ✓/✗ against
 * the targets), then every repeat's raw numbers.
 */
final class MatrixReport {

    /** Above this much foreign CPU (in cores) during a run the cell carries a warning. */
    private static final double FOREIGN_CPU_WARNING = 0.2;

    private static final List<CellMetric> RAW = List.of(CellMetric.PRODUCE_TPS, CellMetric.CONSUME_TPS,
            CellMetric.SEND_P50_MS, CellMetric.SEND_P99_MS, CellMetric.BROKER_CPU_US_PER_SENT,
            CellMetric.BROKER_CPU_US_PER_CONSUMED, CellMetric.NAMESRV_CPU_US_PER_SENT,
            CellMetric.NAMESRV_CPU_US_PER_CONSUMED, CellMetric.OFFERED_RATE, CellMetric.SEND_P999_MS,
            CellMetric.SENT, CellMetric.SEND_ERRORS, CellMetric.DELIVERED, CellMetric.EXPECTED,
            CellMetric.TOPIC_CREATE_MS, CellMetric.STATS_CATCH_UP_MS, CellMetric.FIRST_MESSAGE_MS,
            CellMetric.FOREIGN_CORES);

    private final List<Cell> cells;
    private final String apacheName;
    private final List<CellResult> results = new ArrayList<>();

    MatrixReport(List<Cell> cells, String apacheName) {
        this.cells = List.copyOf(cells);
        this.apacheName = apacheName;
    }

    void add(CellResult result) {
        results.add(result);
    }

    List<CellResult> results() {
        return List.copyOf(results);
    }

    /** Median over the target's successful repeats of this cell, NaN when none measured it. */
    double median(Cell cell, Target target, CellMetric metric) {
        double[] values = results.stream()
                .filter(r -> r.cell().equals(cell) && r.target() == target && r.ok())
                .mapToDouble(r -> r.get(metric)).filter(v -> !Double.isNaN(v)).toArray();
        return median(values);
    }

    static double median(double[] unsorted) {
        if (unsorted.length == 0) {
            return Double.NaN;
        }
        double[] values = Arrays.copyOf(unsorted, unsorted.length);
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** CometMQ median over Apache median, NaN when either is missing or Apache's is 0. */
    double ratio(Cell cell, CellMetric metric) {
        double apache = median(cell, Target.APACHE, metric);
        double comet = median(cell, Target.COMETMQ, metric);
        return Double.isNaN(apache) || Double.isNaN(comet) || apache == 0 ? Double.NaN : comet / apache;
    }

    /**
     * ✓ when every measured metric of the group meets its target, ✗ when one misses, "—" when none was measured;
     * followed by the ratios it judged (e.g. "✗ 1.10 / 2.08" for produce / consume).
     */
    String verdict(Cell cell, List<CellMetric> metrics) {
        boolean any = false;
        boolean met = true;
        List<String> ratios = new ArrayList<>();
        for (CellMetric metric : metrics) {
            double ratio = ratio(cell, metric);
            ratios.add(Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio));
            if (!Double.isNaN(ratio)) {
                any = true;
                met &= metric.meets(ratio);
            }
        }
        return any ? (met ? "✓ " : "✗ ") + String.join(" / ", ratios) : "—";
    }

    String section(String heading, List<String> preamble) {
        StringBuilder md = new StringBuilder("## ").append(heading).append("\n\n");
        preamble.forEach(line -> md.append(line).append('\n'));
        md.append("\n### Summary (medians; ratio = CometMQ / ").append(apacheName).append(")\n\n")
                .append("| cell | produce TPS Apache | produce TPS CometMQ | produce ratio | consume ratio "
                        + "| p99 send Apache (ms) | p99 send CometMQ (ms) | broker CPU/sent Apache (µs) "
                        + "| broker CPU/sent CometMQ (µs) | broker CPU/consumed Apache (µs) "
                        + "| broker CPU/consumed CometMQ (µs) | TPS ≥ 2× (produce / consume) | p99 ≤ 0.5× "
                        + "| CPU ≤ 0.5× (produce / consume) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|\n");
        List<String> footnotes = new ArrayList<>();
        for (Cell cell : cells) {
            md.append("| ").append(cell.name())
                    .append(" | ").append(value(cell, Target.APACHE, CellMetric.PRODUCE_TPS))
                    .append(" | ").append(value(cell, Target.COMETMQ, CellMetric.PRODUCE_TPS))
                    .append(" | ").append(ratioText(cell, CellMetric.PRODUCE_TPS))
                    .append(" | ").append(ratioText(cell, CellMetric.CONSUME_TPS))
                    .append(" | ").append(value(cell, Target.APACHE, CellMetric.SEND_P99_MS))
                    .append(" | ").append(value(cell, Target.COMETMQ, CellMetric.SEND_P99_MS))
                    .append(" | ").append(value(cell, Target.APACHE, CellMetric.BROKER_CPU_US_PER_SENT))
                    .append(" | ").append(value(cell, Target.COMETMQ, CellMetric.BROKER_CPU_US_PER_SENT))
                    .append(" | ").append(value(cell, Target.APACHE, CellMetric.BROKER_CPU_US_PER_CONSUMED))
                    .append(" | ").append(value(cell, Target.COMETMQ, CellMetric.BROKER_CPU_US_PER_CONSUMED))
                    .append(" | ").append(verdict(cell, List.of(CellMetric.PRODUCE_TPS, CellMetric.CONSUME_TPS)))
                    .append(" | ").append(cell.latencyTargetApplies()
                            ? verdict(cell, List.of(CellMetric.SEND_P99_MS)) : "n/a")
                    .append(" | ").append(verdict(cell, List.of(CellMetric.BROKER_CPU_US_PER_SENT,
                            CellMetric.BROKER_CPU_US_PER_CONSUMED)))
                    .append(" |\n");
            footnotes.addAll(problems(cell));
        }
        md.append('\n');
        footnotes.forEach(f -> md.append("- ").append(f).append('\n'));
        md.append("""
                - Targets of issue #17: throughput (produce and consume) ≥ 2× Apache; p99 send latency ≤ 0.5× in the \
                1 KiB cells; broker CPU per message (produce and consume) ≤ 0.5×. Broker CPU = user+system time of \
                every broker JVM (master + slave) from /proc; NameServer CPU is in the raw table.
                """);

        md.append(new LatencyTables(this, apacheName).render(cells));
        md.append("\n### Raw numbers, every repeat\n\n| cell | repeat | target |");
        RAW.forEach(m -> md.append(' ').append(m.label()).append(" |"));
        md.append(" wall (s) | status |\n|---|---:|---|");
        RAW.forEach(m -> md.append("---:|"));
        md.append("---:|---|\n");
        for (Cell cell : cells) {
            results.stream().filter(r -> r.cell().equals(cell)).forEach(r -> {
                md.append("| ").append(cell.name()).append(" | ").append(r.repeat() + 1).append(" | ")
                        .append(r.target() == Target.APACHE ? apacheName : r.target().displayName()).append(" |");
                RAW.forEach(m -> md.append(' ').append(m.format(r.get(m))).append(" |"));
                md.append(String.format(Locale.ROOT, " %.0f | %s |%n", r.wallTime().toMillis() / 1e3,
                        r.ok() ? String.join("; ", r.notes()).replace("|", "\\|").replace("\n", " ")
                                : statusText(r)));
            });
        }
        return md.toString();
    }

    private List<String> problems(Cell cell) {
        List<String> lines = new ArrayList<>();
        for (Target target : List.of(Target.APACHE, Target.COMETMQ)) {
            List<CellResult> mine = results.stream()
                    .filter(r -> r.cell().equals(cell) && r.target() == target).toList();
            long failed = mine.stream().filter(r -> !r.ok()).count();
            String name = target == Target.APACHE ? apacheName : target.displayName();
            if (failed > 0) {
                lines.add(String.format(Locale.ROOT, "%s, %s: %d of %d repeats not measured — %s", cell.name(), name,
                        failed, mine.size(), statusText(mine.stream().filter(r -> !r.ok()).findFirst().get())));
            }
            double foreign = mine.stream().filter(CellResult::ok).mapToDouble(r -> r.get(CellMetric.FOREIGN_CORES))
                    .filter(v -> !Double.isNaN(v)).max().orElse(0);
            if (foreign > FOREIGN_CPU_WARNING) {
                lines.add(String.format(Locale.ROOT, "%s, %s: other processes used up to %.2f cores meanwhile; treat "
                        + "with caution", cell.name(), name, foreign));
            }
        }
        return lines;
    }

    private static String statusText(CellResult r) {
        String what = switch (r.status()) {
            case OK -> "ok";
            case UNAVAILABLE -> "not available";
            case FAILED -> "failed";
        };
        return what + (r.reason() == null ? "" : ": " + r.reason().lines().findFirst().orElse("")
                .replace("|", "\\|"));
    }

    private String value(Cell cell, Target target, CellMetric metric) {
        return metric.format(median(cell, target, metric));
    }

    private String ratioText(Cell cell, CellMetric metric) {
        double ratio = ratio(cell, metric);
        return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
