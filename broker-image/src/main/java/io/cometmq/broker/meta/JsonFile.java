package io.cometmq.broker.meta;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.protocol.body.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A small state file (metadata, progress marks) written atomically (temporary file, fsync, rename) so a crash leaves either the old or the new
 * content, never half of one.
 */
public final class JsonFile<T> {

    private final Path path;
    private final TypeReference<T> type;
    private final boolean ownerOnly;

    public JsonFile(Path path, TypeReference<T> type) {
        this(path, type, false);
    }

    /** @param ownerOnly the file holds secrets: created readable and writable by its owner only (0600) */
    public JsonFile(Path path, TypeReference<T> type, boolean ownerOnly) {
        this.path = path;
        this.type = type;
        this.ownerOnly = ownerOnly;
    }

    /**
     * The stored value, or null when the file does not exist yet.
     *
     * @throws java.io.UncheckedIOException when the file exists but cannot be read or parsed
     */
    public T read() {
        if (!Files.exists(path)) {
            return null;
        }
        try {
            return Json.mapper().readValue(path.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (delete or repair it): " + e.getMessage(), e);
        }
    }

    public synchronized void write(T value) {
        try {
            Files.createDirectories(path.getParent());
            Path temp = path.resolveSibling(path.getFileName() + ".tmp");
            if (ownerOnly) {
                restrictToOwner(temp);
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(Json.mapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(value)));
                channel.force(true);
            }
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Creates (or narrows) {@code file} as 0600 before any content goes in, where the file system has modes. */
    private static void restrictToOwner(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, ownerOnly);
        } else {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerOnly));
        }
    }
}
