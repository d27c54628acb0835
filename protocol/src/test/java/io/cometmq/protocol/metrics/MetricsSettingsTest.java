package io.cometmq.protocol.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ConfigKey;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

    /** Reads like the broker's settings reader: the key's default unless set, checked against the key's type. */
    private static MetricsSettings read(Map<String, String> set) {
        return MetricsSettings.read(key -> {
            String value = set.getOrDefault(key.name(), key.defaultValue());
            key.problem(value).ifPresent(problem -> {
                throw new ConfigException(problem);
            });
            return value;
        });
    }

    @Test
    void defaultsAreApachesMetricsOff() {
        MetricsSettings settings = read(Map.of());
        assertThat(settings.prometheus()).isFalse();
        assertThat(settings.port()).isEqualTo(5557);
        assertThat(settings.host()).isEmpty();
        assertThat(settings.labels()).isEmpty();
        assertThat(settings.cardinalityLimit()).isEqualTo(50_000);
        assertThat(settings.groups()).isEqualTo(EnumSet.allOf(MetricGroup.class));
        assertThat(settings.records(MetricGroup.REQUEST)).isFalse();
    }

    @Test
    void promWithLabelsAndGroupsSwitchedOff() {
        MetricsSettings settings = read(Map.of("metricsExporterType", "PROM", "metricsPromExporterPort", "0",
                "metricsLabel", "region:eu,team:pay", "metricsInDelta", "true", "enableRequestMetrics", "false"));
        assertThat(settings.prometheus()).isTrue();
        assertThat(settings.port()).isZero();
        assertThat(settings.labels()).containsExactly(Map.entry("region", "eu"), Map.entry("team", "pay"));
        assertThat(settings.inDelta()).isTrue();
        assertThat(settings.records(MetricGroup.REQUEST)).isFalse();
        assertThat(settings.records(MetricGroup.REMOTING)).isTrue();
    }

    @Test
    void apachesOtherExportersAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> read(Map.of("metricsExporterType", "OTLP_GRPC")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsExporterType");
        assertThatThrownBy(() -> MetricsSettings.read(key -> key.name().equals("metricsExporterType") ? "LOG"
                : key.defaultValue())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'metricsExporterType' must be DISABLE or PROM");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> read(Map.of("metricsLabel", "region")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsLabel");
        assertThatThrownBy(() -> read(Map.of("metricsPromExporterPort", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsPromExporterPort");
        assertThatThrownBy(() -> read(Map.of("metricsOtelCardinalityLimit", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metricsOtelCardinalityLimit");
    }

    @Test
    void everyGroupHasItsEnableKeyInTheTable() {
        for (MetricGroup group : MetricGroup.values()) {
            ConfigKey key = group.key();
            assertThat(BrokerConfigKeys.allNames()).contains(key.name());
            assertThat(key.defaultValue()).isEqualTo("true");
        }
    }
}
