package io.cometmq.broker.assignment;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.broker.meta.JsonFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request mode set per topic and group, in {@code messageRequestMode.json} (Apache's layout:
 * {@code {"messageRequestModeMap": {topic: {group: mode}}}}), written on every change.
 */
public final class RequestModeTable {

    /** The file's and GET_ALL_MESSAGE_REQUEST_MODE's body. */
    public record Wrapper(Map<String, Map<String, RequestMode>> messageRequestModeMap) {

        public Wrapper {
            messageRequestModeMap = messageRequestModeMap == null ? Map.of() : messageRequestModeMap;
        }
    }

    private final JsonFile<Wrapper> file;
    private final Map<String, Map<String, RequestMode>> modes = new TreeMap<>();

    public RequestModeTable(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("messageRequestMode.json"), new TypeReference<>() { });
        Wrapper stored = file.read();
        if (stored != null) {
            stored.messageRequestModeMap().forEach((topic, groups) -> modes.put(topic, new TreeMap<>(groups)));
        }
    }

    /** The mode set for the topic and group, or null. */
    public synchronized RequestMode find(String topic, String group) {
        Map<String, RequestMode> groups = modes.get(topic);
        return groups == null ? null : groups.get(group);
    }

    public synchronized void set(RequestMode mode) {
        modes.computeIfAbsent(mode.topic(), t -> new TreeMap<>()).put(mode.consumerGroup(), mode);
        file.write(snapshot());
    }

    public synchronized Wrapper snapshot() {
        Map<String, Map<String, RequestMode>> copy = new TreeMap<>();
        modes.forEach((topic, groups) -> copy.put(topic, new TreeMap<>(groups)));
        return new Wrapper(copy);
    }

    /** A slave takes its master's modes as they are. */
    public synchronized void replaceAll(Wrapper master) {
        if (master.messageRequestModeMap().equals(modes)) {
            return;
        }
        modes.clear();
        master.messageRequestModeMap().forEach((topic, groups) -> modes.put(topic, new TreeMap<>(groups)));
        file.write(snapshot());
    }
}
