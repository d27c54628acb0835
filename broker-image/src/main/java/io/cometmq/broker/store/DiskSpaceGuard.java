package io.cometmq.broker.store;

/**
 * Refuses writes while disk usage is above diskMaxUsedRatio. Writing into a sparse mapped file on a full disk kills
 * the process with SIGBUS, so the store stops taking messages well before that; reads keep working.
 */
final class DiskSpaceGuard {
    private final double maxUsedRatio;
    private volatile double lastRatio;
    private volatile boolean full;

    DiskSpaceGuard(double maxUsedRatio) {
        this.maxUsedRatio = maxUsedRatio;
    }

    void update(double usedRatio) {
        lastRatio = usedRatio;
        full = usedRatio >= maxUsedRatio;
    }

    boolean isFull() {
        return full;
    }

    String refusal() {
        return String.format("disk usage %.1f%% is above diskMaxUsedRatio %.1f%%; writes refused until space is freed",
                lastRatio * 100, maxUsedRatio * 100);
    }
}
