package io.cometmq.broker.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.cometmq.protocol.body.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of JSON entries, one a line, each forced to disk before {@link #append} returns: a change
 * costs one small write and fsync however big the state it changes is. A crash can leave a torn last line, which
 * {@link #read} drops (its append never returned, so nobody was told it was stored).
 */
final class JsonJournal<E> {

    private static final Logger log = LoggerFactory.getLogger(JsonJournal.class);

    private final Path path;
    private final JavaType type;
    private FileChannel channel;
    private int entries;

    JsonJournal(Path path, Class<E> type) {
        this.path = path;
        this.type = Json.mapper().constructType(type);
    }

    /**
     * The entries in the order they were appended; also counts them for {@link #size}.
     *
     * @throws UncheckedIOException a whole line cannot be parsed (the file was damaged, not torn)
     */
    synchronized List<E> read() {
        List<E> result = new ArrayList<>();
        if (!Files.exists(path)) {
            return result;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        int whole = 0; // bytes up to and including the last newline: whole lines
        int lineNumber = 0;
        for (int start = 0; start < content.length; ) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            lineNumber++;
            boolean complete = end < content.length;
            String line = new String(content, start, end - start, StandardCharsets.UTF_8);
            if (complete && !line.isBlank()) {
                try {
                    result.add(Json.mapper().readValue(line, type));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException("cannot parse line " + lineNumber + " of " + path
                            + " (delete or repair it): " + e.getOriginalMessage(), e);
                }
            }
            if (complete) {
                whole = end + 1;
            }
            start = end + 1;
        }
        if (whole < content.length) {
            // an append that never returned (the broker stopped in the middle): nobody was told it was stored
            log.warn("dropping the torn last line of {} ({} bytes)", path, content.length - whole);
            try {
                open().truncate(whole).force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot truncate the torn last line of " + path, e);
            }
        }
        entries = result.size();
        return result;
    }

    /** Appends entries, one a line, and forces them to disk once. */
    synchronized void append(List<E> batch) {
        try {
            StringBuilder lines = new StringBuilder();
            for (E entry : batch) {
                lines.append(Json.mapper().writeValueAsString(entry)).append('\n');
            }
            FileChannel out = open();
            ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(false);
            entries += batch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    /** How many entries the file holds. */
    synchronized int size() {
        return entries;
    }

    /** Empties the file (its entries are now in a snapshot written and forced before). */
    synchronized void clear() {
        try {
            open().truncate(0).force(true);
            entries = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + path, e);
        }
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        return channel;
    }
}
