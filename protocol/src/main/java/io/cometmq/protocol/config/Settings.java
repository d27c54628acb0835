package io.cometmq.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flat key/value configuration from YAML, a properties file (RocketMQ's broker.conf), environment variables or
 * flags, with typed reads whose errors name the key and its source. Later layers override earlier ones.
 */
public final class Settings {

    private record Value(String text, String source) {
    }

    private final Map<String, Value> values;

    private Settings(Map<String, Value> values) {
        this.values = values;
    }

    public static Settings empty() {
        return new Settings(new LinkedHashMap<>());
    }

    /** Reads a file: {@code .yaml}/{@code .yml} as YAML, anything else as Java properties (broker.conf). */
    public static Settings fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? fromYaml(file) : fromProperties(file);
    }

    public static Settings fromYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " is not valid YAML: " + firstLine(e.getMessage()), e);
        }
        Settings settings = empty();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return settings;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + " must be a YAML mapping of key: value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode node = entry.getValue();
            if (node.isContainerNode()) {
                throw new ConfigException("key '" + entry.getKey() + "' in " + file
                        + " must be a single value, not a list or mapping");
            }
            if (!node.isNull()) {
                settings.values.put(entry.getKey(), new Value(node.asText(), file.toString()));
            }
        }
        return settings;
    }

    public static Settings fromProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file " + file + " cannot be read as properties: " + e.getMessage(), e);
        }
        Settings settings = empty();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            settings.values.put(key, new Value(properties.getProperty(key).trim(), file.toString()));
        }
        return settings;
    }

    /** Values from a map, e.g. parsed flags; {@code source} says where they came from in error messages. */
    public static Settings fromMap(Map<String, String> map, String source) {
        Settings settings = empty();
        map.forEach((key, value) -> {
            if (value != null) {
                settings.values.put(key, new Value(value, source));
            }
        });
        return settings;
    }

    /**
     * Values from environment variables named {@code PREFIX_UPPER_SNAKE} for each known key, e.g.
     * {@code COMETMQ_LISTEN_PORT} for {@code listenPort}.
     */
    public static Settings fromEnvironment(Map<String, String> env, String prefix, Set<String> knownKeys) {
        Settings settings = empty();
        for (String key : knownKeys) {
            String variable = prefix + upperSnake(key);
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                settings.values.put(key, new Value(value.trim(), "environment variable " + variable));
            }
        }
        return settings;
    }

    /** {@code listenPort} → {@code LISTEN_PORT}. */
    public static String upperSnake(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** A copy with {@code other}'s values replacing ours. */
    public Settings overlay(Settings other) {
        Map<String, Value> merged = new LinkedHashMap<>(values);
        merged.putAll(other.values);
        return new Settings(merged);
    }

    /** Fails on the first key that is not in {@code known}, suggesting the closest one and listing them all. */
    public void rejectUnknownKeys(Set<String> known) {
        Set<String> sorted = new TreeSet<>(known);
        for (Map.Entry<String, Value> entry : values.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw new ConfigException("unknown key '" + entry.getKey() + "' in " + entry.getValue().source()
                        + ClosestName.find(entry.getKey(), sorted).map(c -> " (did you mean '" + c + "'?)").orElse("")
                        + "; known keys: " + String.join(", ", sorted));
            }
        }
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** Where {@code key}'s value came from (a file, an environment variable, flags), for error messages. */
    public String source(String key) {
        Value value = values.get(key);
        return value == null ? "defaults" : value.source();
    }

    public String string(String key, String fallback) {
        Value value = values.get(key);
        return value == null ? fallback : value.text();
    }

    public String requiredString(String key) {
        Value value = values.get(key);
        if (value == null || value.text().isBlank()) {
            throw new ConfigException("key '" + key + "' is required");
        }
        return value.text();
    }

    public int intValue(String key, int fallback, int min, int max) {
        long value = longValue(key, fallback, min, max);
        return (int) value;
    }

    public long longValue(String key, long fallback, long min, long max) {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.text().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("key '" + key + "' in " + value.source() + " must be an integer, was '"
                    + value.text() + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException("key '" + key + "' in " + value.source() + " must be between " + min + " and "
                    + max + ", was " + parsed);
        }
        return parsed;
    }

    public double doubleValue(String key, double fallback, double min, double max) {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.text().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("key '" + key + "' in " + value.source() + " must be a number, was '"
                    + value.text() + "'");
        }
        if (parsed < min || parsed > max || Double.isNaN(parsed)) {
            throw new ConfigException("key '" + key + "' in " + value.source() + " must be between " + min + " and "
                    + max + ", was " + parsed);
        }
        return parsed;
    }

    public boolean booleanValue(String key, boolean fallback) {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.text().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException("key '" + key + "' in " + value.source() + " must be true or false, was '"
                + value.text() + "'");
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        Value value = values.get(key);
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.text().trim())) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : " | ").append(constant.name());
        }
        throw new ConfigException("key '" + key + "' in " + value.source() + " must be one of " + allowed
                + ", was '" + value.text() + "'");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
