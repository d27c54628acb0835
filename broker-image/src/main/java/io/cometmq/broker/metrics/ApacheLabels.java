package io.cometmq.broker.metrics;

import io.cometmq.protocol.LanguageCode;
import java.util.Locale;

/** Label values as Apache RocketMQ's BrokerMetricsManager writes them. */
final class ApacheLabels {

    static final String REMOTING = "remoting";

    private ApacheLabels() {
    }

    /** {@code is_system} of the lag families: a system topic or a system group. */
    static String isSystem(String topic, String group) {
        return Boolean.toString(SystemNames.isSystem(topic, group));
    }

    /** {@code language}: the client's language constant in lower case ({@code java}). */
    static String language(LanguageCode language) {
        return language == null ? "other" : language.name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code consume_mode} from the heartbeat's consumeType: ConsumeType.getTypeCN() in lower case (CONSUME_ACTIVELY
     * is {@code pull}, CONSUME_PASSIVELY {@code push}, CONSUME_POP {@code pop}).
     */
    static String consumeMode(String consumeType) {
        if (consumeType == null) {
            return "push";
        }
        return switch (consumeType) {
            case "CONSUME_ACTIVELY" -> "pull";
            case "CONSUME_POP" -> "pop";
            default -> "push";
        };
    }
}
