package io.cometmq.namesrv;

import io.cometmq.namesrv.auth.NameServerAuth;
import io.cometmq.protocol.codec.RemotingFrameDecoder;
import io.cometmq.protocol.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * NameServer settings. Keys follow RocketMQ's names where RocketMQ has one.
 *
 * @param listenHost                  address to bind ("0.0.0.0" = every interface)
 * @param listenPort                  remoting port clients and brokers use
 * @param scanNotActiveBrokerInterval how often silent brokers are looked for
 * @param brokerExpiredTime           how long a broker may stay silent before it is dropped (unless it asked
 *                                    for another timeout when registering)
 * @param serverWorkerThreads         threads running request handlers
 * @param maxFrameLength              largest request accepted, in bytes
 * @param enableAllTopicList          whether GET_ALL_TOPIC_LIST_FROM_NAMESERVER answers
 * @param kvConfigPath                where KV config is persisted; null keeps it in memory
 * @param auth                        who may register brokers and administer ({@code authenticationEnabled}, ...)
 */
public record NameServerConfig(String listenHost, int listenPort, Duration scanNotActiveBrokerInterval,
        Duration brokerExpiredTime, int serverWorkerThreads, int maxFrameLength, boolean enableAllTopicList,
        Path kvConfigPath, NameServerAuth auth) {

    /** Every key a config file, environment variable (COMETMQ_ + UPPER_SNAKE) or flag may set. */
    public static final Set<String> KEYS = java.util.stream.Stream.concat(Set.of("listenHost", "listenPort",
            "scanNotActiveBrokerInterval", "brokerExpiredTime", "serverWorkerThreads", "maxFrameLength",
            "enableAllTopicList", "kvConfigPath").stream(), NameServerAuth.KEYS.stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    public static NameServerConfig defaults() {
        return from(Settings.empty());
    }

    /** Builds a config, failing with the offending key named when a value is unknown or out of range. */
    public static NameServerConfig from(Settings settings) {
        settings.rejectUnknownKeys(KEYS);
        String kvPath = settings.string("kvConfigPath", null);
        return new NameServerConfig(
                settings.string("listenHost", "0.0.0.0"),
                settings.intValue("listenPort", 9876, 0, 65535),
                Duration.ofMillis(settings.longValue("scanNotActiveBrokerInterval", 10_000, 10, 3_600_000)),
                Duration.ofMillis(settings.longValue("brokerExpiredTime", 120_000, 100, 86_400_000)),
                settings.intValue("serverWorkerThreads", 8, 1, 512),
                settings.intValue("maxFrameLength", RemotingFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, 1024,
                        256 * 1024 * 1024),
                settings.booleanValue("enableAllTopicList", true),
                kvPath == null || kvPath.isBlank() ? null : Path.of(kvPath),
                NameServerAuth.read(settings));
    }

    /** The effective settings as {@code key=value} lines (GET_NAMESRV_CONFIG, start-up log). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("listenHost", listenHost);
        map.put("listenPort", Integer.toString(listenPort));
        map.put("scanNotActiveBrokerInterval", Long.toString(scanNotActiveBrokerInterval.toMillis()));
        map.put("brokerExpiredTime", Long.toString(brokerExpiredTime.toMillis()));
        map.put("serverWorkerThreads", Integer.toString(serverWorkerThreads));
        map.put("maxFrameLength", Integer.toString(maxFrameLength));
        map.put("enableAllTopicList", Boolean.toString(enableAllTopicList));
        map.put("kvConfigPath", kvConfigPath == null ? "" : kvConfigPath.toString());
        map.putAll(auth.asMap());
        return map;
    }
}
