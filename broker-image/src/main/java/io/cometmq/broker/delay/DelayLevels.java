package io.cometmq.broker.delay;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** The delay levels of {@code messageDelayLevel}, e.g. {@code "1s 5s 10s 30s 1m ... 2h"}: level n = n-th entry. */
public final class DelayLevels {

    public static final String DEFAULT = BrokerConfigKeys.MESSAGE_DELAY_LEVEL.defaultValue();

    private final long[] millis;

    private DelayLevels(long[] millis) {
        this.millis = millis;
    }

    public static DelayLevels parse(String spec) {
        List<Long> levels = new ArrayList<>();
        for (String part : spec.trim().split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            char unit = part.charAt(part.length() - 1);
            long factor = switch (unit) {
                case 's' -> 1000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> throw new ConfigException("key 'messageDelayLevel': '" + part
                        + "' must end in s, m, h or d");
            };
            try {
                long amount = Long.parseLong(part.substring(0, part.length() - 1));
                if (amount <= 0) {
                    throw new NumberFormatException();
                }
                levels.add(amount * factor);
            } catch (NumberFormatException e) {
                throw new ConfigException("key 'messageDelayLevel': '" + part + "' is not a positive duration");
            }
        }
        if (levels.isEmpty()) {
            throw new ConfigException("key 'messageDelayLevel' must list at least one delay");
        }
        return new DelayLevels(levels.stream().mapToLong(Long::longValue).toArray());
    }

    public int maxLevel() {
        return millis.length;
    }

    /** Delay of level {@code level} (1-based). */
    public long delayMillis(int level) {
        if (level < 1 || level > millis.length) {
            throw new IllegalArgumentException("delay level " + level + " is out of range 1.." + millis.length);
        }
        return millis[level - 1];
    }
}
