package io.cometmq.namesrv;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.protocol.body.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Namespaced key/value pairs set by administrators. Kept in a JSON file when a path is configured (written to a
 * temporary file and renamed, so a crash never leaves half a file), in memory otherwise.
 */
public final class KvConfigStore {

    private final Path file;
    private final Map<String, Map<String, String>> table = new TreeMap<>();

    public KvConfigStore(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                table.putAll(Json.mapper().readValue(file.toFile(),
                        new TypeReference<Map<String, TreeMap<String, String>>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read KV config file " + file, e);
            }
        }
    }

    public synchronized void put(String namespace, String key, String value) {
        table.computeIfAbsent(namespace, k -> new TreeMap<>()).put(key, value);
        persist();
    }

    public synchronized String get(String namespace, String key) {
        return table.getOrDefault(namespace, Map.of()).get(key);
    }

    public synchronized void delete(String namespace, String key) {
        Map<String, String> entries = table.get(namespace);
        if (entries != null && entries.remove(key) != null) {
            if (entries.isEmpty()) {
                table.remove(namespace);
            }
            persist();
        }
    }

    public synchronized Map<String, String> list(String namespace) {
        return new TreeMap<>(table.getOrDefault(namespace, Map.of()));
    }

    private void persist() {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "kvConfig", ".tmp");
            Files.write(temp, Json.encode(table));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write KV config file " + file, e);
        }
    }
}
