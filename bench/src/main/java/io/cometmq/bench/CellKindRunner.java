package io.cometmq.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Measures one {@link CellKind} on a started cluster. */
interface CellKindRunner {

    /** The metrics of one run plus free-text notes (first errors, warnings) for the report. */
    record Measurement(Map<CellMetric, Double> metrics, List<String> notes) {
        public Measurement {
            metrics = metrics.isEmpty() ? Map.of() : new EnumMap<>(metrics);
            notes = List.copyOf(notes);
        }
    }

    Measurement run(CellContext context) throws Exception;

    /** The runner of each kind, or null while a kind is not implemented (the report says so). */
    static CellKindRunner forKind(CellKind kind, LatencySettings latency) {
        return switch (kind) {
            case THROUGHPUT -> new ThroughputCell();
            case COLD_READ -> new ColdReadCell(latency);
            case OPEN_LOOP -> new OpenLoopCell(latency);
        };
    }
}
