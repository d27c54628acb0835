package io.cometmq.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Used fraction (0..1) of the disk holding the store; tests substitute a fixed value. */
@FunctionalInterface
public interface DiskUsageProbe {
    double usedRatio();

    static DiskUsageProbe of(Path storeRoot) {
        return () -> {
            try {
                FileStore store = Files.getFileStore(storeRoot);
                long total = store.getTotalSpace();
                return total == 0 ? 0 : 1.0 - (double) store.getUsableSpace() / total;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read disk usage of " + storeRoot, e);
            }
        };
    }
}
