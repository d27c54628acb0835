package io.cometmq.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One target's run of one cell in one repeat; {@code metrics} holds only what this kind measured. */
record CellResult(Cell cell, Target target, int repeat, Report.Status status, String reason,
                  Map<CellMetric, Double> metrics, List<String> notes, Duration wallTime) {

    CellResult {
        metrics = metrics.isEmpty() ? Map.of() : new EnumMap<>(metrics);
        notes = List.copyOf(notes);
    }

    static CellResult notRun(Cell cell, Target target, int repeat, Report.Status status, String reason,
            Duration wall) {
        return new CellResult(cell, target, repeat, status, reason, Map.of(), List.of(), wall);
    }

    double get(CellMetric metric) {
        return metrics.getOrDefault(metric, Double.NaN);
    }

    boolean ok() {
        return status == Report.Status.OK;
    }
}
