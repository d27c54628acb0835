package io.cometmq.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Settings of one operator process, parsed once from flags or environment variables by
 * {@link OperatorMain} and checked here.
 *
 * @param namespaces namespaces to watch; empty means every namespace
 * @param leaseNamespace namespace of the Lease; null means the namespace of the client's configuration
 */
public record OperatorConfig(Set<String> namespaces, int httpPort, boolean leaderElection, String leaseName,
        String leaseNamespace, LeaseTimings leaseTimings, String clusterDomain) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    public OperatorConfig {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http port " + httpPort + " is not in 0..65535");
        }
        if (leaderElection && (leaseName == null || leaseName.isBlank())) {
            throw new IllegalArgumentException("leader election needs a lease name");
        }
        if (clusterDomain == null || clusterDomain.isBlank()) {
            throw new IllegalArgumentException("cluster domain may not be empty");
        }
        if (leaseTimings == null) {
            leaseTimings = LeaseTimings.DEFAULTS;
        }
        namespaces = Set.copyOf(namespaces);
    }

    /** "a, b" → {a, b}; blank → all namespaces. */
    public static Set<String> parseNamespaces(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** "500ms", "15s", "2m"; the name of the flag goes into the error. */
    public static Duration parseDuration(String name, String value) {
        Matcher m = value == null ? null : DURATION.matcher(value.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a duration such as 500ms, 15s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    public boolean watchAllNamespaces() {
        return namespaces.isEmpty();
    }

    /**
     * JOSDK's leader election for these settings. The caller may add an identity (the pod name, from HOSTNAME,
     * when none is set) and callbacks. By default JOSDK exits the process when the leader loses its lease, so that
     * two replicas never reconcile at once.
     */
    public LeaderElectionConfigurationBuilder leaderElectionConfiguration() {
        if (!leaderElection) {
            throw new IllegalStateException("leader election is off");
        }
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withLeaseNamespace(leaseNamespace)
                .withLeaseDuration(leaseTimings.leaseDuration())
                .withRenewDeadline(leaseTimings.renewDeadline())
                .withRetryPeriod(leaseTimings.retryPeriod());
    }

    /**
     * How long a lease is valid after its last renewal, how long the leader keeps trying to renew before it gives
     * up leading, and how often every replica retries. fabric8's LeaderElector needs
     * {@code leaseDuration > renewDeadline > 1.2 * retryPeriod}; checked here so a bad value names its flag.
     */
    public record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        /** The values of client-go and JOSDK. */
        public static final LeaseTimings DEFAULTS =
                new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

        public LeaseTimings {
            if (retryPeriod.isZero() || retryPeriod.isNegative()) {
                throw new IllegalArgumentException("--lease-retry-period must be positive");
            }
            if (leaseDuration.compareTo(renewDeadline) <= 0) {
                throw new IllegalArgumentException("--lease-duration (" + leaseDuration
                        + ") must be longer than --lease-renew-deadline (" + renewDeadline + ")");
            }
            if (renewDeadline.toMillis() <= retryPeriod.toMillis() * 1.2) {
                throw new IllegalArgumentException("--lease-renew-deadline (" + renewDeadline
                        + ") must be longer than 1.2 x --lease-retry-period (" + retryPeriod + ")");
            }
        }
    }
}
