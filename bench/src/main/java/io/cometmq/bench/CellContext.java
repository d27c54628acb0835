package io.cometmq.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a {@link CellKindRunner} gets: a started cluster with the cell's topics created, and the run's settings.
 * Plain values only, so a kind's benchmark class needs nothing from the harness.
 *
 * @param produce         producer threads, message size (the cell's), warm-up and measured message counts
 *                        (already scaled by {@link Cell#loadFactor()}), time cap, send timeout
 * @param instance        unique per run; prefix for client instance and group names
 * @param brokerPids      every broker JVM (masters and slaves), for CPU accounting
 * @param brokerStoreDirs each broker's storePathRootDir (commit log under {@code commitlog/})
 */
record CellContext(Cell cell, Target target, String namesrvAddr, Map<String, String> masterAddrs,
                   List<String> topics, int queues, ProduceBenchmark.Settings produce, Duration stallTimeout,
                   String instance, List<Long> brokerPids, List<Long> nameServerPids, List<Path> brokerStoreDirs,
                   ClusterAdmin admin, ClusterAdmin.LivenessCheck liveness) {

    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /** All processes of the cluster under test. */
    List<Long> clusterPids() {
        return java.util.stream.Stream.concat(nameServerPids.stream(), brokerPids.stream()).toList();
    }

    void log(String message) {
        System.err.println("[bench " + java.time.LocalTime.now().format(CLOCK) + "] [" + target.id() + " "
                + cell.name() + "] " + message);
    }
}
