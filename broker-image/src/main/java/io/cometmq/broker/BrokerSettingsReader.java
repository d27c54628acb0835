package io.cometmq.broker;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ConfigKey;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.config.ValueType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Typed reads of broker settings whose default, type and range come from {@link BrokerConfigKeys}; errors name the
 * key and the value's source. Remembers the effective value of each key, so GET_BROKER_CONFIG and the start-up log
 * can show every key, and {@link #effective()} fails if the table has a key the broker never read.
 */
final class BrokerSettingsReader {

    private final Settings settings;
    private final TreeMap<String, String> effective = new TreeMap<>();

    BrokerSettingsReader(Settings settings) {
        this.settings = settings;
    }

    String string(ConfigKey key) {
        return string(key, key.defaultValue());
    }

    /** For keys whose default is derived: {@code derivedDefault} is used when the key is not set. */
    String string(ConfigKey key, String derivedDefault) {
        String value = settings.string(key.name(), derivedDefault);
        if (settings.contains(key.name())) {
            BrokerConfigKeys.shownProblem(key, value).ifPresent(problem -> {
                throw new ConfigException("key '" + key.name() + "' in " + settings.source(key.name()) + " "
                        + problem);
            });
        }
        return record(key, value);
    }

    int intValue(ConfigKey key) {
        return intValue(key, Integer.parseInt(key.defaultValue()));
    }

    int intValue(ConfigKey key, int derivedDefault) {
        ValueType.Whole range = (ValueType.Whole) key.type();
        int value = settings.intValue(key.name(), derivedDefault, (int) range.min(), (int) range.max());
        record(key, Integer.toString(value));
        return value;
    }

    long longValue(ConfigKey key) {
        return longValue(key, Long.parseLong(key.defaultValue()));
    }

    long longValue(ConfigKey key, long derivedDefault) {
        ValueType.Whole range = (ValueType.Whole) key.type();
        long value = settings.longValue(key.name(), derivedDefault, range.min(), range.max());
        record(key, Long.toString(value));
        return value;
    }

    boolean booleanValue(ConfigKey key) {
        boolean value = settings.booleanValue(key.name(), Boolean.parseBoolean(key.defaultValue()));
        record(key, Boolean.toString(value));
        return value;
    }

    /** {@code type}'s constants are the table's allowed values (BrokerConfigTest checks they agree). */
    <E extends Enum<E>> E enumValue(ConfigKey key, Class<E> type) {
        E value = settings.enumValue(key.name(), type, Enum.valueOf(type, key.defaultValue()));
        record(key, value.name());
        return value;
    }

    /** Records a value the broker settled on after reading (e.g. brokerIP1 found from the network interfaces). */
    String record(ConfigKey key, String value) {
        // secrets are read but never shown (GET_BROKER_CONFIG and the start-up log print this map)
        effective.put(key.name(), BrokerConfigKeys.shownValue(key.name(), value));
        return value;
    }

    /** RocketMQ keys the file sets that have no effect in CometMQ, sorted. */
    List<String> ignoredKeysPresent() {
        return BrokerConfigKeys.ignoredNames().stream().filter(settings::contains).sorted().toList();
    }

    /** Every read key of the table with its effective value, sorted by key. */
    Map<String, String> effective() {
        Set<String> missing = new TreeSet<>(BrokerConfigKeys.readNames());
        missing.removeAll(effective.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("BrokerConfig does not read keys of BrokerConfigKeys: " + missing);
        }
        return Collections.unmodifiableMap(new TreeMap<>(effective));
    }
}
