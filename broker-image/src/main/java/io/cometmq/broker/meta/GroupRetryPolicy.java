package io.cometmq.broker.meta;

import java.util.List;

/**
 * How long a consumer group waits before a failed message is delivered again (Apache RocketMQ 5's
 * {@code groupRetryPolicy}, JSON field names as Apache's): CUSTOMIZED (the default) takes delays from a list,
 * EXPONENTIAL grows them. gRPC consumers receive it as their backoff policy.
 *
 * @param type                   which of the two applies (null: CUSTOMIZED)
 * @param exponentialRetryPolicy the exponential policy's settings, or null
 * @param customizedRetryPolicy  the customized policy's delays, or null
 */
public record GroupRetryPolicy(Type type, Exponential exponentialRetryPolicy, Customized customizedRetryPolicy) {

    public enum Type { EXPONENTIAL, CUSTOMIZED }

    /** A delay per attempt. */
    public sealed interface RetryPolicy permits Exponential, Customized {
        /** The delay before the delivery after {@code reconsumeTimes} failed ones, in ms (as Apache computes it). */
        long nextDelayMillis(int reconsumeTimes);
    }

    /** initial × multiplier^reconsumeTimes, at most max; Apache's defaults 5 s, 2 h, 2. */
    public record Exponential(Long initial, Long max, Long multiplier) implements RetryPolicy {

        public static final Exponential DEFAULTS = new Exponential(null, null, null);

        public Exponential {
            initial = initial == null ? 5_000L : initial;
            max = max == null ? 7_200_000L : max;
            multiplier = multiplier == null ? 2L : multiplier;
        }

        @Override
        public long nextDelayMillis(int reconsumeTimes) {
            int times = Math.min(Math.max(reconsumeTimes, 0), 32);
            return Math.min(max, initial * (long) Math.pow(multiplier, times));
        }
    }

    /**
     * The delays in a list; Apache's default is the delay levels from 1 s: 1s 5s 10s 30s 1m 2m ... 10m 20m 30m 1h 2h.
     * Like Apache, the first retry waits the third delay (the message levels start at 10 s).
     */
    public record Customized(List<Long> next) implements RetryPolicy {

        public static final List<Long> DEFAULT_NEXT = List.of(1_000L, 5_000L, 10_000L, 30_000L, 60_000L, 120_000L,
                180_000L, 240_000L, 300_000L, 360_000L, 420_000L, 480_000L, 540_000L, 600_000L, 1_200_000L,
                1_800_000L, 3_600_000L, 7_200_000L);
        public static final Customized DEFAULTS = new Customized(DEFAULT_NEXT);

        public Customized {
            next = next == null || next.isEmpty() ? DEFAULT_NEXT : List.copyOf(next);
        }

        @Override
        public long nextDelayMillis(int reconsumeTimes) {
            int index = Math.max(reconsumeTimes, 0) + 2;
            return next.get(Math.min(index, next.size() - 1));
        }
    }

    public static final GroupRetryPolicy DEFAULT = new GroupRetryPolicy(Type.CUSTOMIZED, null, null);

    public GroupRetryPolicy {
        type = type == null ? Type.CUSTOMIZED : type;
    }

    /** The policy in effect; a type without its settings falls back to the default customized delays, as Apache. */
    public RetryPolicy policy() {
        if (type == Type.EXPONENTIAL) {
            return exponentialRetryPolicy != null ? exponentialRetryPolicy : Customized.DEFAULTS;
        }
        return customizedRetryPolicy != null ? customizedRetryPolicy : Customized.DEFAULTS;
    }
}
