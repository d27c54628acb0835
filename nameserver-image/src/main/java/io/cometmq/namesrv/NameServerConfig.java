package io.cometmq.namesrv;

import io.cometmq.namesrv.auth.NameServerAuth;
import io.cometmq.protocol.codec.RemotingFrameDecoder;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ConfigKey;
import io.cometmq.protocol.config.Settings;
import io.cometmq.protocol.metrics.MetricsSettings;
import io.cometmq.protocol.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * NameServer settings. Keys follow RocketMQ's names where RocketMQ has one.
 *
 * @param listenHost                  address to bind ("0.0.0.0" = every interface)
 * @param listenPort                  remoting port clients and brokers use
 * @param externalListenHost          address the external listener binds
 * @param externalListenPort          the external listener's port: route and cluster answers given on it carry
 *                                    brokers' external addresses; -1 = no external listener, 0 = any free port
 * @param scanNotActiveBrokerInterval how often silent brokers are looked for
 * @param brokerExpiredTime           how long a broker may stay silent before it is dropped (unless it asked
 *                                    for another timeout when registering)
 * @param serverWorkerThreads         threads running request handlers
 * @param maxFrameLength              largest request accepted, in bytes
 * @param enableAllTopicList          whether GET_ALL_TOPIC_LIST_FROM_NAMESERVER answers
 * @param kvConfigPath                where KV config is persisted; null keeps it in memory
 * @param tls                         TLS on the remoting port ({@code tls.server.*}, the broker's key names)
 * @param auth                        who may register brokers and administer ({@code authenticationEnabled}, ...)
 * @param metrics                     Prometheus metrics ({@code metricsExporterType}, ..., the broker's key names;
 *                                    an empty {@code metricsPromExporterHost} binds every address)
 */
public record NameServerConfig(String listenHost, int listenPort, String externalListenHost,
        int externalListenPort, Duration scanNotActiveBrokerInterval,
        Duration brokerExpiredTime, int serverWorkerThreads, int maxFrameLength, boolean enableAllTopicList,
        Path kvConfigPath, TlsConfig tls, NameServerAuth auth, MetricsSettings metrics) {

    /**
     * The {@code tls.*} keys, read as the broker reads them (the client ones are accepted; the NameServer makes no
     * outgoing connections).
     */
    static final List<ConfigKey> TLS_KEYS = List.of(BrokerConfigKeys.TLS_SERVER_MODE,
            BrokerConfigKeys.TLS_SERVER_CERT_PATH, BrokerConfigKeys.TLS_SERVER_KEY_PATH,
            BrokerConfigKeys.TLS_SERVER_KEY_PASSWORD, BrokerConfigKeys.TLS_SERVER_TRUST_CERT_PATH,
            BrokerConfigKeys.TLS_SERVER_NEED_CLIENT_AUTH, BrokerConfigKeys.TLS_ENABLE,
            BrokerConfigKeys.TLS_CLIENT_TRUST_CERT_PATH, BrokerConfigKeys.TLS_CLIENT_AUTH_SERVER,
            BrokerConfigKeys.TLS_CLIENT_CERT_PATH, BrokerConfigKeys.TLS_CLIENT_KEY_PATH,
            BrokerConfigKeys.TLS_CLIENT_KEY_PASSWORD, BrokerConfigKeys.TLS_RELOAD_INTERVAL);

    /** The metrics keys, read as the broker reads them (the broker's enable*Metrics groups do not apply here). */
    static final List<ConfigKey> METRICS_KEYS = List.of(BrokerConfigKeys.METRICS_EXPORTER_TYPE,
            BrokerConfigKeys.METRICS_PROM_EXPORTER_HOST, BrokerConfigKeys.METRICS_PROM_EXPORTER_PORT,
            BrokerConfigKeys.METRICS_LABEL, BrokerConfigKeys.METRICS_IN_DELTA, BrokerConfigKeys.METRICS_CARDINALITY_LIMIT);

    /** Every key a config file, environment variable (COMETMQ_ + UPPER_SNAKE) or flag may set. */
    public static final Set<String> KEYS = Stream.concat(Stream.of("listenHost", "listenPort",
            "externalListenHost", "externalListenPort",
            "scanNotActiveBrokerInterval", "brokerExpiredTime", "serverWorkerThreads", "maxFrameLength",
            "enableAllTopicList", "kvConfigPath"), Stream.concat(Stream.concat(TLS_KEYS.stream(), METRICS_KEYS.stream())
            .map(ConfigKey::name), NameServerAuth.KEYS.stream())).collect(Collectors.toUnmodifiableSet());

    public static NameServerConfig defaults() {
        return from(Settings.empty());
    }

    /** Builds a config, failing with the offending key named when a value is unknown or out of range. */
    public static NameServerConfig from(Settings settings) {
        settings.rejectUnknownKeys(KEYS);
        String kvPath = settings.string("kvConfigPath", null);
        String listenHost = settings.string("listenHost", "0.0.0.0");
        int listenPort = settings.intValue("listenPort", 9876, 0, 65535);
        String externalHost = settings.string("externalListenHost", "");
        int externalPort = settings.intValue("externalListenPort", -1, -1, 65535);
        if (externalPort > 0 && externalPort == listenPort) {
            throw new ConfigException("key 'externalListenPort' in " + settings.source("externalListenPort")
                    + " must differ from listenPort (" + listenPort + "): it is a second listener");
        }
        return new NameServerConfig(
                listenHost,
                listenPort,
                externalHost.isBlank() ? listenHost : externalHost.trim(),
                externalPort,
                Duration.ofMillis(settings.longValue("scanNotActiveBrokerInterval", 10_000, 10, 3_600_000)),
                Duration.ofMillis(settings.longValue("brokerExpiredTime", 120_000, 100, 86_400_000)),
                settings.intValue("serverWorkerThreads", 8, 1, 512),
                settings.intValue("maxFrameLength", RemotingFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, 1024,
                        256 * 1024 * 1024),
                settings.booleanValue("enableAllTopicList", true),
                kvPath == null || kvPath.isBlank() ? null : Path.of(kvPath),
                TlsConfig.read(key -> checked(settings, key)),
                NameServerAuth.read(settings),
                MetricsSettings.read(key -> METRICS_KEYS.contains(key) ? checked(settings, key) : key.defaultValue()));
    }

    /** The effective text of {@code key}, failing naming the key (never showing a secret value) when it is bad. */
    private static String checked(Settings settings, ConfigKey key) {
        String value = settings.string(key.name(), key.defaultValue());
        BrokerConfigKeys.shownProblem(key, value).ifPresent(problem -> {
            throw new ConfigException("key '" + key.name() + "' in " + settings.source(key.name()) + " " + problem);
        });
        return value;
    }

    /** Whether a second, external listener is configured. */
    public boolean externalListenerEnabled() {
        return externalListenPort >= 0;
    }

    /** The effective settings as {@code key=value} lines (GET_NAMESRV_CONFIG, start-up log). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("listenHost", listenHost);
        map.put("listenPort", Integer.toString(listenPort));
        map.put("externalListenHost", externalListenHost);
        map.put("externalListenPort", Integer.toString(externalListenPort));
        map.put("scanNotActiveBrokerInterval", Long.toString(scanNotActiveBrokerInterval.toMillis()));
        map.put("brokerExpiredTime", Long.toString(brokerExpiredTime.toMillis()));
        map.put("serverWorkerThreads", Integer.toString(serverWorkerThreads));
        map.put("maxFrameLength", Integer.toString(maxFrameLength));
        map.put("enableAllTopicList", Boolean.toString(enableAllTopicList));
        map.put("kvConfigPath", kvConfigPath == null ? "" : kvConfigPath.toString());
        map.put("tls.server.mode", tls.serverMode().configValue());
        map.put("tls.server.certPath", tls.serverCertPath());
        map.put("tls.server.keyPath", tls.serverKeyPath());
        map.put("tls.server.keyPassword", BrokerConfigKeys.shownValue(
                BrokerConfigKeys.TLS_SERVER_KEY_PASSWORD.name(), tls.serverKeyPassword()));
        map.put("tls.server.trustCertPath", tls.serverTrustCertPath());
        map.put("tls.server.need.client.auth", tls.needClientAuth());
        map.put("tlsReloadInterval", Long.toString(tls.reloadInterval().toMillis()));
        map.putAll(auth.asMap());
        map.put("metricsExporterType", metrics.prometheus() ? "PROM" : "DISABLE");
        map.put("metricsPromExporterHost", metrics.host());
        map.put("metricsPromExporterPort", Integer.toString(metrics.port()));
        map.put("metricsLabel", metrics.labels().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(",")));
        map.put("metricsInDelta", Boolean.toString(metrics.inDelta()));
        map.put("metricsOtelCardinalityLimit", Integer.toString(metrics.cardinalityLimit()));
        return map;
    }
}
