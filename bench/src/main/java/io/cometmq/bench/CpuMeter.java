package io.cometmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Splits the machine's busy CPU time over an interval into ours (driver + cluster JVMs) and everybody
 * else's, from /proc. On a small shared box a concurrent build can halve a result; this makes it visible.
 */
final class CpuMeter {

    /** Cumulative clock ticks; {@code valid} is false where /proc is unreadable. */
    record Snapshot(long busy, long total, long ours, boolean valid) {
    }

    private CpuMeter() {
    }

    static Snapshot take(Collection<Long> pids) {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            long ours = 0;
            for (long pid : pids) {
                ours += processTicks(pid);
            }
            return new Snapshot(total - idle, total, ours, true);
        } catch (IOException | RuntimeException e) {
            return new Snapshot(0, 0, 0, false);
        }
    }

    /** Cores' worth of CPU used by other processes between two snapshots, or NaN if unknown. */
    static double foreignCores(Snapshot before, Snapshot after) {
        long total = after.total() - before.total();
        if (!before.valid() || !after.valid() || total <= 0) {
            return Double.NaN;
        }
        long foreign = (after.busy() - before.busy()) - (after.ours() - before.ours());
        return Math.max(0, foreign) * (double) Runtime.getRuntime().availableProcessors() / total;
    }

    /** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream kernel build). */
    static final long TICKS_PER_SECOND = 100;

    /** utime + stime of these processes (all their threads), in ticks; a process that is gone counts 0. */
    static long ticks(Collection<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            ticks += processTicks(pid);
        }
        return ticks;
    }

    /** utime + stime of a process (all its threads); 0 once it is gone. */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesised command name, which may itself contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
