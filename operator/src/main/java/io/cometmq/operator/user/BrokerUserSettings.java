package io.cometmq.operator.user;

import java.time.Clock;
import java.time.Duration;

/**
 * What the BrokerUser reconciler needs from outside: the admin client, where a cluster's masters are, the clock, how often an applied user is checked again (this is also how a changed
 * password Secret is noticed: no Secret informer, so no list/watch of every Secret), and the retry backoff while a
 * user is not applied.
 */
public record BrokerUserSettings(UserAdmin admin, ClusterMasters masters, Clock clock,
        Duration recheck, Duration retryInitial, Duration retryMax) {

    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(60);

    /** Nothing wired: every user reports that it cannot reach its cluster. */
    public static BrokerUserSettings defaults() {
        return new BrokerUserSettings(UserAdmin.UNAVAILABLE, ClusterMasters.UNAVAILABLE, 
                Clock.systemUTC(), DEFAULT_RECHECK, Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    public BrokerUserSettings withAdmin(UserAdmin value) {
        return new BrokerUserSettings(value, masters, clock, recheck, retryInitial, retryMax);
    }

    public BrokerUserSettings withMasters(ClusterMasters value) {
        return new BrokerUserSettings(admin, value, clock, recheck, retryInitial, retryMax);
    }

    public BrokerUserSettings withTiming(Duration recheckValue, Duration retryInitialValue, Duration retryMaxValue) {
        return new BrokerUserSettings(admin, masters, clock, recheckValue, retryInitialValue, retryMaxValue);
    }

    /** Delay before attempt {@code failures + 1}: doubling from retryInitial up to retryMax. */
    public Duration retryAfter(int failures) {
        long millis = retryInitial.toMillis() << Math.min(Math.max(failures - 1, 0), 16);
        return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
    }
}
