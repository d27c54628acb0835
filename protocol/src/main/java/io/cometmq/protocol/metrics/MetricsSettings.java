package io.cometmq.protocol.metrics;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ConfigKey;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The metrics settings of a broker or NameServer, read from Apache RocketMQ's keys (docs/METRICS.md, "Switching it
 * on").
 *
 * @param prometheus       true when {@code metricsExporterType} is PROM: serve /metrics
 * @param host             {@code metricsPromExporterHost}; empty means the component's default address
 * @param port             {@code metricsPromExporterPort} (0: any free port)
 * @param labels           {@code metricsLabel} pairs, in the order written
 * @param inDelta          {@code metricsInDelta}: adds {@code aggregation="delta"} to every series
 * @param cardinalityLimit {@code metricsOtelCardinalityLimit}: label sets per family
 * @param groups           the broker's groups of families switched on by the {@code enable*Metrics} keys
 */
public record MetricsSettings(boolean prometheus, String host, int port, Map<String, String> labels,
        boolean inDelta, int cardinalityLimit, Set<MetricGroup> groups) {

    /** Metrics off: the default. */
    public static final MetricsSettings DISABLED = new MetricsSettings(false, "", 5557, Map.of(), false, 50_000,
            EnumSet.allOf(MetricGroup.class));

    public MetricsSettings {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        groups = groups.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(groups));
    }

    /**
     * Reads the keys through {@code value}, which gives each key's value (its default when unset) after checking it
     * against the key's type, as the broker's and NameServer's settings readers do; a bad value fails naming the key.
     */
    public static MetricsSettings read(Function<ConfigKey, String> value) {
        String type = value.apply(BrokerConfigKeys.METRICS_EXPORTER_TYPE).trim();
        if (!type.equals("DISABLE") && !type.equals("PROM")) {
            throw new ConfigException("key '" + BrokerConfigKeys.METRICS_EXPORTER_TYPE.name()
                    + "' must be DISABLE or PROM (CometMQ serves Prometheus metrics only), was " + type);
        }
        Set<MetricGroup> groups = EnumSet.noneOf(MetricGroup.class);
        for (MetricGroup group : MetricGroup.values()) {
            if (Boolean.parseBoolean(value.apply(group.key()).trim())) {
                groups.add(group);
            }
        }
        return new MetricsSettings(type.equals("PROM"),
                value.apply(BrokerConfigKeys.METRICS_PROM_EXPORTER_HOST).trim(),
                wholeNumber(BrokerConfigKeys.METRICS_PROM_EXPORTER_PORT, value),
                labels(value.apply(BrokerConfigKeys.METRICS_LABEL)),
                Boolean.parseBoolean(value.apply(BrokerConfigKeys.METRICS_IN_DELTA).trim()),
                wholeNumber(BrokerConfigKeys.METRICS_CARDINALITY_LIMIT, value),
                groups);
    }

    /** True when metrics are served and {@code group}'s families are switched on. */
    public boolean records(MetricGroup group) {
        return prometheus && groups.contains(group);
    }

    private static int wholeNumber(ConfigKey key, Function<ConfigKey, String> value) {
        String text = value.apply(key).trim();
        key.problem(text).ifPresent(problem -> {
            throw new ConfigException(problem);
        });
        return Integer.parseInt(text);
    }

    /** {@code key:value,key:value} as Apache writes metricsLabel; the key's type has checked the syntax. */
    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.trim().split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new ConfigException("key '" + BrokerConfigKeys.METRICS_LABEL.name()
                        + "' must be key:value pairs separated by commas, was " + text);
            }
            labels.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        return labels;
    }
}
