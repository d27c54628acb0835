package io.cometmq.bench;

import java.util.List;
import java.util.Locale;

/**
 * The report's tables for the COLD_READ and OPEN_LOOP cells (medians over the repeats), which the summary's
 * throughput-shaped columns cannot show: consume rate of an evicted backlog, and latency at a fixed rate.
 */
final class LatencyTables {

    private final MatrixReport report;
    private final String apacheName;

    LatencyTables(MatrixReport report, String apacheName) {
        this.report = report;
        this.apacheName = apacheName;
    }

    /** Markdown for the latency cells among {@code cells}; empty when there are none. */
    String render(List<Cell> cells) {
        StringBuilder md = new StringBuilder();
        List<Cell> cold = cells.stream().filter(c -> c.kind() == CellKind.COLD_READ).toList();
        if (!cold.isEmpty()) {
            md.append("\n### Cold read (medians; ratio = CometMQ / ").append(apacheName).append(")\n\n")
                    .append("| cell | consume TPS Apache | consume TPS CometMQ | ratio | MiB/s Apache | MiB/s CometMQ "
                            + "| broker CPU/consumed Apache (µs) | broker CPU/consumed CometMQ (µs) | CPU ratio "
                            + "| store cached after eviction, Apache / CometMQ (MiB) |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Cell cell : cold) {
                row(md, cell, CellMetric.CONSUME_TPS, true);
                both(md, cell, CellMetric.CONSUME_MIB_S);
                row(md, cell, CellMetric.BROKER_CPU_US_PER_CONSUMED, true);
                md.append(' ').append(value(cell, Target.APACHE, CellMetric.STORE_RESIDENT_MIB)).append(" / ")
                        .append(value(cell, Target.COMETMQ, CellMetric.STORE_RESIDENT_MIB)).append(" |\n");
            }
            md.append("\n- A backlog written by closed-loop producers, the broker's dispatch awaited, then `sync`, the "
                    + "brokers' own mappings of their store files paged out (`process_madvise(MADV_PAGEOUT)`: "
                    + "drop_caches skips mapped pages, and both brokers keep the commit log mapped), the page cache "
                    + "dropped (`drop_caches`, else `dd iflag=nocache` per file), and what stayed cached counted with "
                    + "`fincore`; then a new consumer group drains it. No broker restart (recovery would re-read "
                    + "the tail of the log). Each run's eviction is in the raw table's notes.\n");
        }
        List<Cell> open = cells.stream().filter(c -> c.kind() == CellKind.OPEN_LOOP).toList();
        if (!open.isEmpty()) {
            md.append("\n### Open loop (medians; ratio = CometMQ / ").append(apacheName).append(")\n\n")
                    .append("| cell | rate Apache (msg/s) | rate CometMQ (msg/s) | achieved Apache | achieved CometMQ "
                            + "| p50 Apache (ms) | p50 CometMQ (ms) | p99 Apache (ms) | p99 CometMQ (ms) | p99 ratio "
                            + "| p99.9 Apache (ms) | p99.9 CometMQ (ms) | max Apache / CometMQ (ms) "
                            + "| schedule lag p99 Apache / CometMQ (ms) | errors Apache / CometMQ |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Cell cell : open) {
                md.append("| ").append(cell.name()).append(" |");
                both(md, cell, CellMetric.OFFERED_RATE);
                both(md, cell, CellMetric.ACHIEVED_RATE);
                both(md, cell, CellMetric.SEND_P50_MS);
                both(md, cell, CellMetric.SEND_P99_MS);
                md.append(' ').append(ratio(cell, CellMetric.SEND_P99_MS)).append(" |");
                both(md, cell, CellMetric.SEND_P999_MS);
                slash(md, cell, CellMetric.SEND_MAX_MS);
                slash(md, cell, CellMetric.SCHEDULE_LAG_P99_MS);
                slash(md, cell, CellMetric.SEND_ERRORS);
                md.append('\n');
            }
            md.append("\n- Each target at half of its own maximum (a closed-loop probe with the run's producer "
                    + "threads on the same cluster, unless `--open-loop-rate` is given); message i is due at "
                    + "start + i / rate and sent asynchronously when due; latency = completion − due time, so a "
                    + "stall counts against every message scheduled behind it (no coordinated omission). Schedule "
                    + "lag = how late the generator issued a send; when it approaches the latencies, the client was "
                    + "the bottleneck, not the broker.\n");
        }
        return md.toString();
    }

    /** "| name | apache | comet | ratio |" without the line end, for the first metric of a row. */
    private void row(StringBuilder md, Cell cell, CellMetric metric, boolean withRatio) {
        if (md.charAt(md.length() - 1) == '\n') {
            md.append("| ").append(cell.name()).append(" |");
        }
        both(md, cell, metric);
        if (withRatio) {
            md.append(' ').append(ratio(cell, metric)).append(" |");
        }
    }

    private void both(StringBuilder md, Cell cell, CellMetric metric) {
        md.append(' ').append(value(cell, Target.APACHE, metric)).append(" | ")
                .append(value(cell, Target.COMETMQ, metric)).append(" |");
    }

    private void slash(StringBuilder md, Cell cell, CellMetric metric) {
        md.append(' ').append(value(cell, Target.APACHE, metric)).append(" / ")
                .append(value(cell, Target.COMETMQ, metric)).append(" |");
    }

    private String value(Cell cell, Target target, CellMetric metric) {
        return metric.format(report.median(cell, target, metric));
    }

    private String ratio(Cell cell, CellMetric metric) {
        double ratio = report.ratio(cell, metric);
        return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
