package io.cometmq.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cell lists a matrix run can cover. */
public final class Matrix {

    /** {@code --matrix}: which cells, before {@code --cells} narrows them down. */
    public enum Kind {
        /** The base cell, then the base with one dimension changed at a time. */
        ONE_FACTOR,
        /** The cross product of the THROUGHPUT dimensions, plus the two special cells. */
        FULL,
        /** The per-flush-mode comparison of earlier runs (needed for the ACL, metrics and gRPC targets). */
        CLASSIC
    }

    private static final int[] SIZES = {128, 1024, 65536};
    private static final int[] TOPICS = {1, 1000};
    private static final int[] GROUPS = {1, 20};
    private static final FlushDiskType[] FLUSHES = FlushDiskType.values();
    private static final ClusterLayout.Kind[] LAYOUTS = {ClusterLayout.Kind.SINGLE,
            ClusterLayout.Kind.SYNC_MASTER_SLAVE};

    private Matrix() {
    }

    static List<Cell> cells(Kind kind) {
        return switch (kind) {
            case ONE_FACTOR -> oneFactor();
            case FULL -> full();
            case CLASSIC -> List.of();
        };
    }

    /** Base, 128 B, 64 KiB, 1000 topics, 20 groups, SYNC_FLUSH, SYNC_MASTER+slave, COLD_READ, OPEN_LOOP. */
    static List<Cell> oneFactor() {
        Cell b = Cell.BASE;
        List<Cell> cells = new ArrayList<>();
        cells.add(b);
        for (int size : SIZES) {
            if (size != b.messageSize()) {
                cells.add(Cell.of(size, b.topics(), b.groups(), b.flush(), b.layout(), b.kind()));
            }
        }
        cells.add(Cell.of(b.messageSize(), TOPICS[1], b.groups(), b.flush(), b.layout(), b.kind()));
        cells.add(Cell.of(b.messageSize(), b.topics(), GROUPS[1], b.flush(), b.layout(), b.kind()));
        cells.add(Cell.of(b.messageSize(), b.topics(), b.groups(), FlushDiskType.SYNC_FLUSH, b.layout(), b.kind()));
        cells.add(Cell.of(b.messageSize(), b.topics(), b.groups(), b.flush(), LAYOUTS[1], b.kind()));
        cells.addAll(specialCells());
        return List.copyOf(cells);
    }

    static List<Cell> full() {
        List<Cell> cells = new ArrayList<>();
        for (int size : SIZES) {
            for (int topics : TOPICS) {
                for (int groups : GROUPS) {
                    for (FlushDiskType flush : FLUSHES) {
                        for (ClusterLayout.Kind layout : LAYOUTS) {
                            cells.add(Cell.of(size, topics, groups, flush, layout, CellKind.THROUGHPUT));
                        }
                    }
                }
            }
        }
        cells.addAll(specialCells());
        return List.copyOf(cells);
    }

    private static List<Cell> specialCells() {
        Cell b = Cell.BASE;
        return List.of(Cell.of(b.messageSize(), b.topics(), b.groups(), b.flush(), b.layout(), CellKind.COLD_READ),
                Cell.of(b.messageSize(), b.topics(), b.groups(), b.flush(), b.layout(), CellKind.OPEN_LOOP));
    }

    /** The cells named in {@code names}, in the matrix's order; an unknown name is an error listing the known ones. */
    static List<Cell> select(List<Cell> cells, List<String> names) {
        if (names == null || names.isEmpty()) {
            return cells;
        }
        Map<String, Cell> byName = new LinkedHashMap<>();
        cells.forEach(c -> byName.put(c.name(), c));
        for (String name : names) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("--cells: no cell named '" + name + "' in this matrix; known: "
                        + String.join(", ", byName.keySet()));
            }
        }
        return cells.stream().filter(c -> names.contains(c.name())).toList();
    }
}
