package io.cometmq.broker.store;

import java.lang.management.ManagementFactory;

/**
 * How pulled messages leave the broker: by copy or straight from the mapped commit log, and how much one pull
 * returns. The limits are Apache RocketMQ's page-cache rule: a consumer reading data that is (estimated) still in
 * the page cache gets bigger batches than one whose reads hit the disk, so a lagging consumer cannot flood the disk
 * and push the hot data out of memory.
 *
 * @param byHeap           {@code transferMsgByHeap}: copy the records into the response body instead of sending the
 *                         mapped slices
 * @param maxBytesInMemory {@code maxTransferBytesOnMessageInMemory}
 * @param maxCountInMemory {@code maxTransferCountOnMessageInMemory}
 * @param maxBytesOnDisk   {@code maxTransferBytesOnMessageInDisk}
 * @param maxCountOnDisk   {@code maxTransferCountOnMessageInDisk}
 * @param hotBytes         a record at most this far behind the commit log's end counts as in memory (Apache:
 *                         physical memory × {@code accessMessageInMemoryMaxRatio} / 100)
 */
public record TransferSettings(boolean byHeap, int maxBytesInMemory, int maxCountInMemory, int maxBytesOnDisk,
        int maxCountOnDisk, long hotBytes) {

    public TransferSettings {
        requirePositive("maxTransferBytesOnMessageInMemory", maxBytesInMemory);
        requirePositive("maxTransferCountOnMessageInMemory", maxCountInMemory);
        requirePositive("maxTransferBytesOnMessageInDisk", maxBytesOnDisk);
        requirePositive("maxTransferCountOnMessageInDisk", maxCountOnDisk);
        if (hotBytes < 0) {
            throw new IllegalArgumentException("hotBytes must not be negative: " + hotBytes);
        }
    }

    /** The broker defaults with the given share of physical memory counted as hot. */
    public static TransferSettings defaults(int accessMessageInMemoryMaxRatio) {
        return new TransferSettings(false, 256 * 1024, 32, 64 * 1024, 8,
                hotBytes(physicalMemoryBytes(), accessMessageInMemoryMaxRatio));
    }

    /** Apache's estimate of how much of the commit log's tail the page cache holds. */
    public static long hotBytes(long physicalMemoryBytes, int accessMessageInMemoryMaxRatio) {
        return (long) (physicalMemoryBytes * (accessMessageInMemoryMaxRatio / 100.0));
    }

    public static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Whether a record at {@code physicalOffset} counts as in memory while the commit log ends at {@code logEnd}. */
    boolean inMemory(long physicalOffset, long logEnd) {
        return logEnd - physicalOffset <= hotBytes;
    }

    /**
     * Whether a batch already holding {@code count} messages of {@code bytes} bytes is full before a next record of
     * {@code nextSize} bytes; an empty batch never is (the first message goes whatever its size).
     */
    boolean isFull(int count, int bytes, int nextSize, boolean inMemory) {
        if (count == 0) {
            return false;
        }
        long after = (long) bytes + nextSize;
        return inMemory
                ? after > maxBytesInMemory || count >= maxCountInMemory
                : after > maxBytesOnDisk || count >= maxCountOnDisk;
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }
}
