package io.cometmq.operator.probe;

import io.cometmq.operator.crd.BrokerSpec;
import io.cometmq.operator.crd.ReplicationMode;
import io.cometmq.operator.failover.FailoverPolicy;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spec.broker.failover} as a {@link FailoverPolicy}: enabled (default: when the group has slaves),
 * unavailableFor ({@code <n>s} or {@code <n>m}, default 30s), and SYNC/ASYNC from {@code replicationMode}.
 */
public final class FailoverPolicies {
    public static final Duration DEFAULT_UNAVAILABLE_FOR = Duration.ofSeconds(30);
    private static final Pattern DURATION = Pattern.compile("^([0-9]+)(s|m)$");

    private FailoverPolicies() {}

    public static FailoverPolicy of(BrokerSpec broker) {
        return of(broker, null, null);
    }

    /**
     * @param enabled        spec.broker.failover.enabled (null: on when slavesPerGroup >= 1)
     * @param unavailableFor spec.broker.failover.unavailableFor (null: 30s)
     */
    public static FailoverPolicy of(BrokerSpec broker, Boolean enabled, String unavailableFor) {
        boolean on = enabled != null ? enabled : broker.getSlavesPerGroup() >= 1;
        Duration delay = unavailableFor == null ? DEFAULT_UNAVAILABLE_FOR : duration(unavailableFor);
        return new FailoverPolicy(on, delay, broker.getReplicationMode() == ReplicationMode.SYNC);
    }

    /** "30s", "2m"; anything else is refused naming the field (SpecChecker reports it before this runs). */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("spec.broker.failover.unavailableFor must look like 30s or 2m, was '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return "s".equals(m.group(2)) ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
    }
}
