package io.cometmq.broker.store;

import io.cometmq.broker.store.queue.TagsCodeFunction;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/** A small store for tests: 4 KiB commit-log files, 8-entry consume-queue files, tiny index files. */
final class StoreFixture {
    final Path root;
    final MutableClock clock = new MutableClock(System.currentTimeMillis()); // file ages are real mtimes
    final AtomicReference<Double> diskUsage = new AtomicReference<>(0.10);
    final StoreConfig config;

    StoreFixture(Path root, FlushDiskType flushDiskType) {
        this.root = root;
        this.config = StoreConfig.builder(root)
                .mappedFileSizeCommitLog(4096)
                .consumeQueueEntriesPerFile(8)
                .indexSlotCount(16)
                .indexMaxEntries(64)
                .flushDiskType(flushDiskType)
                .flushIntervalMillis(20)
                .syncFlushTimeoutMillis(5_000)
                .checkpointIntervalMillis(600_000) // tests checkpoint explicitly
                .cleanupIntervalMillis(600_000) // tests run retention explicitly
                .deleteWhen("*")
                .fileReservedTimeHours(72)
                .maxMessageSize(2048)
                .build();
    }

    DefaultMessageStore open() {
        DefaultMessageStore store = new DefaultMessageStore(config, clock, diskUsage::get, TagsCodeFunction.TAGS_HASH);
        store.start();
        return store;
    }
}
