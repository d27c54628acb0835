package io.cometmq.broker.store.file;

import java.nio.file.Path;
import java.util.Optional;

/** Segment file names: the base offset as a 20-digit zero-padded decimal, as RocketMQ names commit-log files. */
public final class SegmentFiles {
    public static final int NAME_LENGTH = 20;

    private SegmentFiles() {
    }

    public static String fileName(long baseOffset) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("negative base offset " + baseOffset);
        }
        return String.format("%020d", baseOffset);
    }

    public static Path path(Path directory, long baseOffset) {
        return directory.resolve(fileName(baseOffset));
    }

    /** The base offset a file name stands for, or empty for files that are not segments (temp files, etc.). */
    public static Optional<Long> baseOffset(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != NAME_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(Long.parseLong(name));
    }
}
