package io.cometmq.broker.meta;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.TopicConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The broker's topics: system topics, created ones and auto-created ones, persisted in
 * {@code config/topics.json}. Every change bumps the {@link DataVersion} (so NameServers refresh their queue
 * data) and tells the listeners (which re-register with the NameServers).
 *
 * <p>A change is on disk when its method returns, but rewriting the whole file per change makes creating N topics
 * cost O(N²): a change is appended to {@code config/topics.json.journal} (one line, fsync) and the file is rewritten
 * only once the journal holds half as many entries as there are topics (at least {@value #MIN_JOURNAL_ENTRIES}): the
 * rewrites' sizes grow geometrically, so each change costs O(1) amortised. Loading replays the journal over the
 * file.
 */
public final class TopicConfigManager {

    /** Template topic producers name when they send to a topic nobody created. */
    public static final String AUTO_CREATE_TOPIC_KEY = "TBW102";
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    public static final int PERM_RW = TopicConfig.PERM_READ | TopicConfig.PERM_WRITE;
    public static final int MAX_TOPIC_LENGTH = 127;

    private static final Pattern VALID_NAME = Pattern.compile("^[%|a-zA-Z0-9_-]+$");
    private static final Set<String> NOT_WRITABLE_BY_CLIENTS = Set.of(SCHEDULE_TOPIC, "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT");

    /** Told after every change of the topic table. */
    public interface ChangeListener {
        /**
         * @param updated the topics this change created or replaced, with the table's version after it; null when
         *                the change was of another kind (a deletion, the whole table replaced)
         */
        void topicsChanged(Map<String, TopicConfig> updated, DataVersion version);
    }

    /** @param journalGeneration which journal lines apply on top (null in files written before the journal) */
    private record Stored(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion, Long journalGeneration) {
    }

    /**
     * One journal line: a topic put or deleted, and the version after it. {@code generation} is the file's at the
     * time: lines of an older generation are already in the file (a crash between writing it and emptying the
     * journal leaves them behind, and replaying them could bring back a topic deleted since).
     */
    private record Change(TopicConfig put, String delete, DataVersion dataVersion, long generation) {
    }

    private static final int MIN_JOURNAL_ENTRIES = 256;

    private final Clock clock;
    private final JsonFile<Stored> file;
    private final JsonJournal<Change> journal;
    private final Map<String, TopicConfig> topics = new TreeMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private DataVersion version;
    private long generation;

    public TopicConfigManager(Path configDir, Clock clock) {
        this.clock = clock;
        this.file = new JsonFile<>(configDir.resolve("topics.json"), new TypeReference<>() { });
        this.journal = new JsonJournal<>(configDir.resolve("topics.json.journal"), Change.class);
        Stored stored = file.read();
        if (stored != null) {
            topics.putAll(stored.topicConfigTable());
            version = stored.dataVersion();
            generation = stored.journalGeneration() == null ? 0 : stored.journalGeneration();
        }
        for (Change change : journal.read()) {
            if (change.generation() != generation) {
                continue;
            }
            if (change.put() != null) {
                topics.put(change.put().topicName(), change.put());
            } else if (change.delete() != null) {
                topics.remove(change.delete());
            }
            if (change.dataVersion() != null) {
                version = change.dataVersion();
            }
        }
        if (version == null) {
            version = DataVersion.initial(clock.millis());
        }
    }

    /** Adds the topics every broker has: the auto-create template, delay levels, cluster and broker topics. */
    public synchronized void ensureSystemTopics(String clusterName, String brokerName, boolean autoCreate,
            int defaultQueueNums, boolean clusterTopic, boolean brokerTopic) {
        if (autoCreate) {
            putIfAbsent(TopicConfig.of(AUTO_CREATE_TOPIC_KEY, defaultQueueNums, 7));
        } else {
            topics.remove(AUTO_CREATE_TOPIC_KEY);
        }
        putIfAbsent(TopicConfig.of(SCHEDULE_TOPIC, 18, PERM_RW));
        putIfAbsent(TopicConfig.of(clusterName, 16, clusterTopic ? 7 : TopicConfig.PERM_INHERIT));
        putIfAbsent(TopicConfig.of(brokerName, 1, brokerTopic ? 7 : TopicConfig.PERM_INHERIT));
        persist();
    }

    private void putIfAbsent(TopicConfig config) {
        topics.putIfAbsent(config.topicName(), config);
    }

    public synchronized TopicConfig get(String topic) {
        return topics.get(topic);
    }

    public synchronized Map<String, TopicConfig> all() {
        return new LinkedHashMap<>(topics);
    }

    /** How many topics there are (system topics included). */
    public synchronized int count() {
        return topics.size();
    }

    public synchronized DataVersion dataVersion() {
        return version;
    }

    public void addListener(ChangeListener listener) {
        listeners.add(listener);
    }

    /** Creates or replaces a topic (admin UPDATE_AND_CREATE_TOPIC). */
    public void update(TopicConfig config) {
        updateAll(List.of(config));
    }

    /** Creates or replaces topics under one version, written (one fsync) and announced once (a topic list). */
    public void updateAll(List<TopicConfig> configs) {
        if (configs.isEmpty()) {
            return;
        }
        Map<String, TopicConfig> updated = new LinkedHashMap<>();
        DataVersion after;
        synchronized (this) {
            configs.forEach(config -> updated.put(config.topicName(), config));
            topics.putAll(updated);
            version = version.next(clock.millis());
            DataVersion listVersion = version;
            record(updated.values().stream().map(config -> new Change(config, null, listVersion, generation))
                    .toList());
            after = version;
        }
        notifyListeners(updated, after);
    }

    /** A slave adopts its master's topic table (and version) as it is. */
    public void replaceAll(Map<String, TopicConfig> masterTopics, DataVersion masterVersion) {
        synchronized (this) {
            if (masterVersion != null && masterVersion.equals(version) && topics.equals(masterTopics)) {
                return;
            }
            topics.clear();
            topics.putAll(masterTopics);
            version = masterVersion == null ? version.next(clock.millis()) : masterVersion;
            persist();
        }
        notifyListeners(null, null);
    }

    public boolean delete(String topic) {
        boolean removed;
        synchronized (this) {
            removed = topics.remove(topic) != null;
            if (removed) {
                version = version.next(clock.millis());
                record(List.of(new Change(null, topic, version, generation)));
            }
        }
        if (removed) {
            notifyListeners(null, null);
        }
        return removed;
    }

    /**
     * The topic a producer sends to, created from the template when the broker allows auto-creation: at most
     * {@code requestedQueues} queues and the template's queue count, the template's permissions without INHERIT.
     * Returns null when it does not exist and cannot be created.
     */
    public TopicConfig getOrCreateForSend(String topic, String templateName, int requestedQueues) {
        TopicConfig created;
        DataVersion after;
        synchronized (this) {
            TopicConfig existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
            TopicConfig template = topics.get(templateName == null ? AUTO_CREATE_TOPIC_KEY : templateName);
            if (template == null || (template.perm() & TopicConfig.PERM_INHERIT) == 0) {
                if (!GroupTopics.isRetryTopic(topic)) {
                    return null;
                }
                created = TopicConfig.of(topic, 1, PERM_RW);
            } else {
                int queues = Math.max(1, Math.min(requestedQueues, template.writeQueueNums()));
                created = TopicConfig.of(topic, queues, template.perm() & ~TopicConfig.PERM_INHERIT);
            }
            after = created(created);
        }
        notifyListeners(Map.of(topic, created), after);
        return created;
    }

    /** Creates a group's retry or dead-letter topic if it is missing. */
    public TopicConfig getOrCreateSystemTopic(String topic, int queues) {
        TopicConfig created;
        DataVersion after;
        synchronized (this) {
            TopicConfig existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
            created = TopicConfig.of(topic, queues, PERM_RW);
            after = created(created);
        }
        notifyListeners(Map.of(topic, created), after);
        return created;
    }

    private DataVersion created(TopicConfig config) {
        topics.put(config.topicName(), config);
        version = version.next(clock.millis());
        record(List.of(new Change(config, null, version, generation)));
        return version;
    }

    /** Journals changes (one fsync), or writes the whole file instead once the journal would reach half the table. */
    private void record(List<Change> changes) {
        if (journal.size() + changes.size() > Math.max(MIN_JOURNAL_ENTRIES, topics.size() / 2)) {
            persist();
        } else {
            journal.append(changes);
        }
    }

    private void notifyListeners(Map<String, TopicConfig> updated, DataVersion after) {
        listeners.forEach(listener -> listener.topicsChanged(updated, after));
    }

    /** Writes the whole table to the file (atomically) under a new generation, then empties the journal. */
    public synchronized void persist() {
        file.write(new Stored(new TreeMap<>(topics), version, generation + 1));
        generation++;
        journal.clear();
    }

    /** Null when the name is acceptable, otherwise why not. */
    public static String validateName(String topic) {
        if (topic == null || topic.isBlank()) {
            return "topic name is empty";
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            return "topic name is longer than " + MAX_TOPIC_LENGTH + " characters";
        }
        if (!VALID_NAME.matcher(topic).matches()) {
            return "topic name '" + topic + "' may only contain letters, digits, '%', '|', '-' and '_'";
        }
        return null;
    }

    /** True for system topics producers may not send to directly. */
    public static boolean isNotWritableByClients(String topic) {
        return NOT_WRITABLE_BY_CLIENTS.contains(topic);
    }
}
