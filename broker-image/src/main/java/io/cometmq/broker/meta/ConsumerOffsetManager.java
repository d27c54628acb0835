package io.cometmq.broker.meta;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Consume offsets per (topic, group, queue): what each group has committed, persisted in consumerOffset.json on
 * an interval and at shutdown; plus the last pull offsets (memory only), which consume stats report.
 */
public final class ConsumerOffsetManager {

    private static final String SEPARATOR = "@";

    private final JsonFile<Map<String, Map<Integer, Long>>> file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> committed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> pulled = new ConcurrentHashMap<>();
    /** Offsets reset by an admin, which a consumer's next (stale) commit must not overwrite. */
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> resets = new ConcurrentHashMap<>();

    public ConsumerOffsetManager(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("consumerOffset.json"), new TypeReference<>() { });
        Map<String, Map<Integer, Long>> stored = file.read();
        if (stored != null) {
            stored.forEach((key, offsets) -> committed.put(key, new ConcurrentHashMap<>(offsets)));
        }
    }

    private static String key(String topic, String group) {
        return topic + SEPARATOR + group;
    }

    /** Stores a committed offset; false when an admin reset is pending for the queue (the commit is ignored). */
    public boolean commit(String group, String topic, int queueId, long offset) {
        String key = key(topic, group);
        ConcurrentMap<Integer, Long> reset = resets.get(key);
        if (reset != null && reset.containsKey(queueId)) {
            return false;
        }
        committed.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(queueId, offset);
        return true;
    }

    /** The committed offset, or -1 when the group never committed for the queue. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> offsets = committed.get(key(topic, group));
        Long offset = offsets == null ? null : offsets.get(queueId);
        return offset == null ? -1 : offset;
    }

    public void recordPull(String group, String topic, int queueId, long nextOffset) {
        pulled.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, nextOffset);
    }

    public long pullOffset(String group, String topic, int queueId) {
        Map<Integer, Long> offsets = pulled.get(key(topic, group));
        Long offset = offsets == null ? null : offsets.get(queueId);
        return offset == null ? -1 : offset;
    }

    /** Admin reset: sets the offset and remembers it until the consumer acknowledges it with a pull. */
    public void reset(String group, String topic, int queueId, long offset) {
        committed.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, offset);
        resets.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, offset);
    }

    /** The pending reset offset for a queue, or -1; a pull from that offset clears it. */
    public long pendingReset(String group, String topic, int queueId) {
        Map<Integer, Long> reset = resets.get(key(topic, group));
        Long offset = reset == null ? null : reset.get(queueId);
        return offset == null ? -1 : offset;
    }

    public void clearReset(String group, String topic, int queueId) {
        Map<Integer, Long> reset = resets.get(key(topic, group));
        if (reset != null) {
            reset.remove(queueId);
        }
    }

    /** Committed offsets of one group on one topic, by queue. */
    public Map<Integer, Long> offsets(String group, String topic) {
        Map<Integer, Long> offsets = committed.get(key(topic, group));
        return offsets == null ? Map.of() : new TreeMap<>(offsets);
    }

    /** Topics a group has committed offsets for. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new HashSet<>();
        for (String key : committed.keySet()) {
            int at = key.lastIndexOf(SEPARATOR);
            if (key.substring(at + 1).equals(group)) {
                topics.add(key.substring(0, at));
            }
        }
        return topics;
    }

    /** Groups that have committed offsets for a topic. */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new HashSet<>();
        for (String key : committed.keySet()) {
            int at = key.lastIndexOf(SEPARATOR);
            if (key.substring(0, at).equals(topic)) {
                groups.add(key.substring(at + 1));
            }
        }
        return groups;
    }

    /** Forgets every offset of a group (its subscription group was deleted with cleanOffset). */
    public void removeGroup(String group) {
        String suffix = SEPARATOR + group;
        committed.keySet().removeIf(key -> key.endsWith(suffix));
        pulled.keySet().removeIf(key -> key.endsWith(suffix));
        resets.keySet().removeIf(key -> key.endsWith(suffix));
    }

    /** Everything committed, for replication to slaves and GET_ALL_CONSUMER_OFFSET. */
    public Map<String, Map<Integer, Long>> snapshot() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        committed.forEach((key, offsets) -> copy.put(key, new TreeMap<>(offsets)));
        return copy;
    }

    /**
     * A slave takes its master's committed offsets (keyed {@code topic@group}). Entries only the slave has (groups
     * that committed here while the master was away) are kept: the master learns them from the clients.
     */
    public void replaceFrom(Map<String, Map<Integer, Long>> masterOffsets) {
        masterOffsets.forEach((key, offsets) ->
                committed.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).putAll(offsets));
    }

    public void persist() {
        file.write(snapshot());
    }
}
