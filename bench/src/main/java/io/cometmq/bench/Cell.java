package io.cometmq.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One point of the benchmark matrix. Every target runs the same cell with the same parameters; {@code name} is
 * what {@code --cells} selects and the report prints.
 */
public record Cell(String name, int messageSize, int topics, int groups, FlushDiskType flush,
                   ClusterLayout.Kind layout, CellKind kind) {

    public static final Cell BASE = of(1024, 1, 1, FlushDiskType.ASYNC_FLUSH, ClusterLayout.Kind.SINGLE,
            CellKind.THROUGHPUT);

    public Cell {
        if (messageSize < 1 || topics < 1 || groups < 1) {
            throw new IllegalArgumentException("cell " + name + ": size, topics and groups must be positive");
        }
    }

    /** A cell named after how it differs from {@link #BASE} ("base" when it does not). */
    public static Cell of(int size, int topics, int groups, FlushDiskType flush, ClusterLayout.Kind layout,
            CellKind kind) {
        List<String> parts = new ArrayList<>();
        if (size != 1024) {
            parts.add(size % 1024 == 0 ? size / 1024 + "KiB" : size + "B");
        }
        if (topics != 1) {
            parts.add(topics + "topics");
        }
        if (groups != 1) {
            parts.add(groups + "groups");
        }
        if (flush != FlushDiskType.ASYNC_FLUSH) {
            parts.add(flush.name().replace("_", "-").toLowerCase(Locale.ROOT));
        }
        if (layout != ClusterLayout.Kind.SINGLE) {
            parts.add(layout.name().replace("_", "-").toLowerCase(Locale.ROOT));
        }
        if (kind != CellKind.THROUGHPUT) {
            parts.add(kind.name().replace("_", "-").toLowerCase(Locale.ROOT));
        }
        return new Cell(parts.isEmpty() ? "base" : String.join("+", parts), size, topics, groups, flush, layout,
                kind);
    }

    /** The topics of this cell, the same names on every target. */
    public List<String> topicNames() {
        if (topics == 1) {
            return List.of("bench_" + name.replaceAll("[^A-Za-z0-9]", "_"));
        }
        List<String> names = new ArrayList<>(topics);
        for (int i = 0; i < topics; i++) {
            names.add(String.format(Locale.ROOT, "bench_t%04d", i));
        }
        return names;
    }

    /**
     * Fraction of the run's message count this cell sends, so that every cell takes a similar time: 64 KiB
     * messages write 64× the bytes, and 20 groups read the backlog 20 times.
     */
    public double loadFactor() {
        double factor = 1;
        if (messageSize >= 16 * 1024) {
            factor *= 0.1;
        }
        if (groups > 1) {
            factor *= Math.max(0.1, 4.0 / groups);
        }
        return factor;
    }

    /** The latency target (p99 ≤ 0.5×) is stated for 1 KiB messages. */
    public boolean latencyTargetApplies() {
        return messageSize == 1024;
    }
}
