package io.cometmq.broker.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Store settings, fixed at construction (defaults follow the Java broker, wire protocol §9).
 *
 * @param mappedFileSizeCommitLog     bytes per commit-log file (1 GiB)
 * @param consumeQueueEntriesPerFile  20-byte entries per consume-queue file (300 000)
 * @param indexSlotCount              hash slots per index file (5 000 000)
 * @param indexMaxEntries             entries per index file (20 000 000)
 * @param syncFlushTimeoutMillis      SYNC_FLUSH: how long a put waits for its fsync before FLUSH_DISK_TIMEOUT
 * @param flushIntervalMillis         ASYNC_FLUSH interval; SYNC_FLUSH flushes at least this often without waiters
 * @param checkpointIntervalMillis    how often consume queues and index are flushed and the safe point recorded
 * @param maxMessageSize              largest accepted body (4 MiB)
 * @param longTopicsUseV2             store topics over 127 bytes with MAGIC V2 instead of refusing them
 * @param fileReservedTimeHours       commit-log files older than this are deleted at {@code deleteWhen} (72)
 * @param diskCleanRatio              above this disk usage the oldest file is deleted whatever its age (0.75)
 * @param diskMaxUsedRatio            above this disk usage writes are refused with DISK_FULL (0.90)
 * @param deleteWhen                  hours of day (e.g. "04", "04;16", or "*" for any) when expired files go
 * @param cleanupIntervalMillis       how often retention and the disk check run (10 s)
 * @param recoverLastSegments         segments scanned on start-up when there is no checkpoint (3)
 * @param maxScanEntriesPerGet        consume-queue entries one filtered get examines at most (800)
 * @param transfer                    how consumers' reads leave the broker and how much one returns
 * @param consumeQueueFlushLeastPages a periodic flush skips a consume queue with fewer unflushed pages (2; 0 = never)
 * @param thoroughFlushIntervalMillis how often every consume queue and the index are flushed whatever their size,
 *                                    and the recovery safe point recorded (60 s)
 */
public record StoreConfig(
        Path storePathRootDir,
        int mappedFileSizeCommitLog,
        int consumeQueueEntriesPerFile,
        int indexSlotCount,
        int indexMaxEntries,
        FlushDiskType flushDiskType,
        long syncFlushTimeoutMillis,
        long flushIntervalMillis,
        long checkpointIntervalMillis,
        int maxMessageSize,
        boolean longTopicsUseV2,
        int fileReservedTimeHours,
        double diskCleanRatio,
        double diskMaxUsedRatio,
        String deleteWhen,
        long cleanupIntervalMillis,
        int recoverLastSegments,
        int maxScanEntriesPerGet,
        TransferSettings transfer,
        int consumeQueueFlushLeastPages,
        long thoroughFlushIntervalMillis) {

    public StoreConfig {
        Objects.requireNonNull(storePathRootDir, "storePathRootDir");
        Objects.requireNonNull(flushDiskType, "flushDiskType");
        Objects.requireNonNull(deleteWhen, "deleteWhen");
        Objects.requireNonNull(transfer, "transfer");
        requirePositive("mappedFileSizeCommitLog", mappedFileSizeCommitLog);
        requirePositive("consumeQueueEntriesPerFile", consumeQueueEntriesPerFile);
        requirePositive("indexSlotCount", indexSlotCount);
        requirePositive("indexMaxEntries", indexMaxEntries - 1);
        requirePositive("syncFlushTimeoutMillis", syncFlushTimeoutMillis);
        requirePositive("flushIntervalMillis", flushIntervalMillis);
        requirePositive("checkpointIntervalMillis", checkpointIntervalMillis);
        requirePositive("maxMessageSize", maxMessageSize);
        requirePositive("cleanupIntervalMillis", cleanupIntervalMillis);
        requirePositive("recoverLastSegments", recoverLastSegments);
        requirePositive("maxScanEntriesPerGet", maxScanEntriesPerGet);
        requirePositive("thoroughFlushIntervalMillis", thoroughFlushIntervalMillis);
        if (consumeQueueFlushLeastPages < 0) {
            throw new IllegalArgumentException("consumeQueueFlushLeastPages must not be negative: "
                    + consumeQueueFlushLeastPages);
        }
        if ((long) consumeQueueEntriesPerFile * 20 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("consumeQueueEntriesPerFile too large: " + consumeQueueEntriesPerFile);
        }
        if (!(diskCleanRatio > 0 && diskCleanRatio <= diskMaxUsedRatio && diskMaxUsedRatio <= 1)) {
            throw new IllegalArgumentException("need 0 < diskCleanRatio <= diskMaxUsedRatio <= 1, got "
                    + diskCleanRatio + " and " + diskMaxUsedRatio);
        }
        RetentionSchedule.parseHours(deleteWhen);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    public Path commitLogDir() {
        return storePathRootDir.resolve("commitlog");
    }

    public Path consumeQueueDir() {
        return storePathRootDir.resolve("consumequeue");
    }

    public Path indexDir() {
        return storePathRootDir.resolve("index");
    }

    public Path checkpointFile() {
        return storePathRootDir.resolve("checkpoint");
    }

    public static Builder builder(Path storePathRootDir) {
        return new Builder(storePathRootDir);
    }

    /** Starts from the defaults; tests shrink the sizes. */
    public static final class Builder {
        private final Path root;
        private int mappedFileSizeCommitLog = 1024 * 1024 * 1024;
        private int consumeQueueEntriesPerFile = 300_000;
        private int indexSlotCount = 5_000_000;
        private int indexMaxEntries = 20_000_000;
        private FlushDiskType flushDiskType = FlushDiskType.ASYNC_FLUSH;
        private long syncFlushTimeoutMillis = 5_000;
        private long flushIntervalMillis = 500;
        private long checkpointIntervalMillis = 1_000;
        private int maxMessageSize = 4 * 1024 * 1024;
        private boolean longTopicsUseV2 = true;
        private int fileReservedTimeHours = 72;
        private double diskCleanRatio = 0.75;
        private double diskMaxUsedRatio = 0.90;
        private String deleteWhen = "04";
        private long cleanupIntervalMillis = 10_000;
        private int recoverLastSegments = 3;
        private int maxScanEntriesPerGet = 800;
        private TransferSettings transfer = TransferSettings.defaults(40);
        private int consumeQueueFlushLeastPages = 2;
        private long thoroughFlushIntervalMillis = 60_000;

        private Builder(Path root) {
            this.root = root;
        }

        public Builder mappedFileSizeCommitLog(int value) {
            mappedFileSizeCommitLog = value;
            return this;
        }

        public Builder consumeQueueEntriesPerFile(int value) {
            consumeQueueEntriesPerFile = value;
            return this;
        }

        public Builder indexSlotCount(int value) {
            indexSlotCount = value;
            return this;
        }

        public Builder indexMaxEntries(int value) {
            indexMaxEntries = value;
            return this;
        }

        public Builder flushDiskType(FlushDiskType value) {
            flushDiskType = value;
            return this;
        }

        public Builder syncFlushTimeoutMillis(long value) {
            syncFlushTimeoutMillis = value;
            return this;
        }

        public Builder flushIntervalMillis(long value) {
            flushIntervalMillis = value;
            return this;
        }

        public Builder checkpointIntervalMillis(long value) {
            checkpointIntervalMillis = value;
            return this;
        }

        public Builder maxMessageSize(int value) {
            maxMessageSize = value;
            return this;
        }

        public Builder longTopicsUseV2(boolean value) {
            longTopicsUseV2 = value;
            return this;
        }

        public Builder fileReservedTimeHours(int value) {
            fileReservedTimeHours = value;
            return this;
        }

        public Builder diskCleanRatio(double value) {
            diskCleanRatio = value;
            return this;
        }

        public Builder diskMaxUsedRatio(double value) {
            diskMaxUsedRatio = value;
            return this;
        }

        public Builder deleteWhen(String value) {
            deleteWhen = value;
            return this;
        }

        public Builder cleanupIntervalMillis(long value) {
            cleanupIntervalMillis = value;
            return this;
        }

        public Builder recoverLastSegments(int value) {
            recoverLastSegments = value;
            return this;
        }

        public Builder maxScanEntriesPerGet(int value) {
            maxScanEntriesPerGet = value;
            return this;
        }

        public Builder transfer(TransferSettings value) {
            transfer = value;
            return this;
        }

        public Builder consumeQueueFlushLeastPages(int value) {
            consumeQueueFlushLeastPages = value;
            return this;
        }

        public Builder thoroughFlushIntervalMillis(long value) {
            thoroughFlushIntervalMillis = value;
            return this;
        }

        public StoreConfig build() {
            return new StoreConfig(root, mappedFileSizeCommitLog, consumeQueueEntriesPerFile, indexSlotCount,
                    indexMaxEntries, flushDiskType, syncFlushTimeoutMillis, flushIntervalMillis,
                    checkpointIntervalMillis, maxMessageSize, longTopicsUseV2, fileReservedTimeHours, diskCleanRatio,
                    diskMaxUsedRatio, deleteWhen, cleanupIntervalMillis, recoverLastSegments, maxScanEntriesPerGet,
                    transfer, consumeQueueFlushLeastPages, thoroughFlushIntervalMillis);
        }
    }
}
