package io.cometmq.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Named offsets in a small text file ({@code name=value} per line). Written to a temporary file, forced, and
 * renamed over the old one, so a crash leaves either the old or the new checkpoint, never half of one.
 */
public final class Checkpoint {
    /** Every record before this offset is in the consume queues and the index, and those are flushed. */
    public static final String DISPATCHED = "dispatchedOffset";
    /** The commit log was forced to disk up to here. */
    public static final String COMMIT_LOG_FLUSHED = "commitLogFlushedOffset";

    private final Path file;
    private final Map<String, Long> values = new TreeMap<>();

    private Checkpoint(Path file) {
        this.file = file;
    }

    /** Reads the file if it exists; a missing or unreadable one gives an empty checkpoint. */
    public static Checkpoint load(Path file) {
        Checkpoint checkpoint = new Checkpoint(file);
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        checkpoint.values.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1)
                                .trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                checkpoint.values.clear();
            }
        }
        return checkpoint;
    }

    public synchronized OptionalLong get(String name) {
        Long value = values.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    public synchronized void set(String name, long value) {
        values.put(name, value);
    }

    public synchronized void write() {
        StringBuilder text = new StringBuilder();
        values.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }
}
