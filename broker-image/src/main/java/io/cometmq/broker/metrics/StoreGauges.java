package io.cometmq.broker.metrics;

import io.cometmq.broker.store.MessageStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;

/**
 * The store families of the MESSAGE_STORE group, labelled {@code storage_type="local", storage_medium="disk"}:
 * {@code rocketmq_storage_size_bytes} (used bytes of the store's file system, as Apache: total - free),
 * {@code rocketmq_storage_flush_behind_bytes}, {@code rocketmq_storage_dispatch_behind_bytes},
 * {@code rocketmq_storage_message_reserve_time_milliseconds} (age of the oldest stored message, 0 when none) and
 * CometMQ's {@code cometmq_storage_disk_usage_ratio} and {@code cometmq_storage_disk_usage_ratio_limit}
 * (diskMaxUsedSpaceRatio / 100: at or above it the broker refuses writes).
 */
final class StoreGauges implements MeterBinder {

    private final BrokerGaugeSources sources;

    StoreGauges(BrokerGaugeSources sources) {
        this.sources = sources;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        MessageStore store = sources.store();
        Path root = sources.config().store().storePathRootDir();
        gauge(registry, "rocketmq_storage_size", "bytes", root, StoreGauges::usedBytes);
        gauge(registry, "rocketmq_storage_flush_behind", "bytes", store,
                s -> Math.max(0, s.commitLogMaxOffset() - s.flushedOffset()));
        gauge(registry, "rocketmq_storage_dispatch_behind", "bytes", store,
                s -> Math.max(0, s.commitLogMaxOffset() - s.dispatchedOffset()));
        gauge(registry, "rocketmq_storage_message_reserve_time", "milliseconds", store, s -> {
            long earliest = s.earliestMessageTime();
            return earliest <= 0 ? 0 : Math.max(0, sources.clock().millis() - earliest);
        });
        gauge(registry, "cometmq_storage_disk_usage_ratio", null, store, MessageStore::diskUsedRatio);
        gauge(registry, "cometmq_storage_disk_usage_ratio_limit", null, sources.config(),
                config -> config.store().diskMaxUsedRatio());
    }

    private static <T> void gauge(MeterRegistry registry, String name, String unit, T source,
            ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).baseUnit(unit).description(BrokerGauges.GAUGE_HELP)
                .tags(StoreLabels.TAGS).register(registry);
    }

    private static double usedBytes(Path root) {
        try {
            FileStore fs = Files.getFileStore(root);
            return fs.getTotalSpace() - fs.getUnallocatedSpace();
        } catch (IOException e) {
            return Double.NaN; // the store directory is gone: nothing sensible to report
        }
    }
}
