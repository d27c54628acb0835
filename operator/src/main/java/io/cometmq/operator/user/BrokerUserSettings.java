package io.cometmq.operator.user;

import java.time.Clock;
import java.time.Duration;

/**
 * What the BrokerUser reconciler needs from outside: the admin client, where a cluster's masters are, the
 * credentials to sign with, the clock, how often an applied user is checked again (this is also how a changed
 * password Secret is noticed: no Secret informer, so no list/watch of every Secret), and the retry backoff while a
 * user is not applied.
 */
public record BrokerUserSettings(UserAdmin admin, ClusterMasters masters, InnerCredentials credentials, Clock clock,
        Duration recheck, Duration retryInitial, Duration retryMax) {

    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(60);

    /** Nothing wired: every user reports that it cannot reach its cluster. */
    public static BrokerUserSettings defaults() {
        return new BrokerUserSettings(UserAdmin.UNAVAILABLE, ClusterMasters.UNAVAILABLE, new SecretInnerCredentials(),
                Clock.systemUTC(), DEFAULT_RECHECK, Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    public BrokerUserSettings withAdmin(UserAdmin value) {
        return new BrokerUserSettings(value, masters, credentials, clock, recheck, retryInitial, retryMax);
    }

    public BrokerUserSettings withMasters(ClusterMasters value) {
        return new BrokerUserSettings(admin, value, credentials, clock, recheck, retryInitial, retryMax);
    }

    public BrokerUserSettings withCredentials(InnerCredentials value) {
        return new BrokerUserSettings(admin, masters, value, clock, recheck, retryInitial, retryMax);
    }

    public BrokerUserSettings withTiming(Duration recheckValue, Duration retryInitialValue, Duration retryMaxValue) {
        return new BrokerUserSettings(admin, masters, credentials, clock, recheckValue, retryInitialValue, retryMaxValue);
    }

    /** Delay before attempt {@code failures + 1}: doubling from retryInitial up to retryMax. */
    public Duration retryAfter(int failures) {
        long millis = retryInitial.toMillis() << Math.min(Math.max(failures - 1, 0), 16);
        return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
    }
}
