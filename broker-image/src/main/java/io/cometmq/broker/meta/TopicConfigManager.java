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
        void topicsChanged();
    }

    private record Stored(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion) {
    }

    private final Clock clock;
    private final JsonFile<Stored> file;
    private final Map<String, TopicConfig> topics = new TreeMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private DataVersion version;

    public TopicConfigManager(Path configDir, Clock clock) {
        this.clock = clock;
        this.file = new JsonFile<>(configDir.resolve("topics.json"), new TypeReference<>() { });
        Stored stored = file.read();
        if (stored != null) {
            topics.putAll(stored.topicConfigTable());
            version = stored.dataVersion();
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
        synchronized (this) {
            topics.put(config.topicName(), config);
            changed();
        }
        notifyListeners();
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
        notifyListeners();
    }

    public boolean delete(String topic) {
        boolean removed;
        synchronized (this) {
            removed = topics.remove(topic) != null;
            if (removed) {
                changed();
            }
        }
        if (removed) {
            notifyListeners();
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
            topics.put(topic, created);
            changed();
        }
        notifyListeners();
        return created;
    }

    /** Creates a group's retry or dead-letter topic if it is missing. */
    public TopicConfig getOrCreateSystemTopic(String topic, int queues) {
        TopicConfig created;
        synchronized (this) {
            TopicConfig existing = topics.get(topic);
            if (existing != null) {
                return existing;
            }
            created = TopicConfig.of(topic, queues, PERM_RW);
            topics.put(topic, created);
            changed();
        }
        notifyListeners();
        return created;
    }

    private void changed() {
        version = version.next(clock.millis());
        persist();
    }

    private void notifyListeners() {
        listeners.forEach(ChangeListener::topicsChanged);
    }

    public synchronized void persist() {
        file.write(new Stored(new TreeMap<>(topics), version));
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
