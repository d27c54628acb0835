package io.cometmq.broker.meta;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Consumer group settings, created on first use when the broker allows it; persisted in subscriptionGroup.json. */
public final class SubscriptionGroupManager {

    private final JsonFile<Map<String, SubscriptionGroupConfig>> file;
    private final Map<String, SubscriptionGroupConfig> groups = new TreeMap<>();
    private final boolean autoCreate;

    public SubscriptionGroupManager(Path configDir, boolean autoCreate) {
        this.autoCreate = autoCreate;
        this.file = new JsonFile<>(configDir.resolve("subscriptionGroup.json"), new TypeReference<>() { });
        Map<String, SubscriptionGroupConfig> stored = file.read();
        if (stored != null) {
            groups.putAll(stored);
        }
    }

    /** The group's config, created with defaults when auto-creation is on; null when it does not exist. */
    public synchronized SubscriptionGroupConfig find(String group) {
        SubscriptionGroupConfig config = groups.get(group);
        if (config == null && autoCreate) {
            config = SubscriptionGroupConfig.defaults(group);
            groups.put(group, config);
            persist();
        }
        return config;
    }

    public synchronized void update(SubscriptionGroupConfig config) {
        groups.put(config.groupName(), config);
        persist();
    }

    /** A slave adopts its master's group settings. */
    public synchronized void replaceAll(Map<String, SubscriptionGroupConfig> masterGroups) {
        if (!groups.equals(masterGroups)) {
            groups.clear();
            groups.putAll(masterGroups);
            persist();
        }
    }

    public synchronized boolean delete(String group) {
        boolean removed = groups.remove(group) != null;
        if (removed) {
            persist();
        }
        return removed;
    }

    /** How many subscription groups there are. */
    public synchronized int count() {
        return groups.size();
    }

    public synchronized Map<String, SubscriptionGroupConfig> all() {
        return new LinkedHashMap<>(groups);
    }

    private void persist() {
        file.write(new TreeMap<>(groups));
    }
}
