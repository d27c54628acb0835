package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;

/**
 * Automatic failover of a group's master (docs/OPERATOR.md, "Automatic failover"). {@code enabled} has no schema
 * default on purpose: left out, it follows slavesPerGroup ({@link #effectiveEnabled}). The 10s..1h range of
 * unavailableFor is checked by SpecChecker (InvalidFailover); the pattern alone is in the schema.
 */
public class FailoverSpec {
    public static final String UNAVAILABLE_FOR_PATTERN = "^[0-9]+(s|m)$";
    public static final Duration MIN_UNAVAILABLE_FOR = Duration.ofSeconds(10);
    public static final Duration MAX_UNAVAILABLE_FOR = Duration.ofHours(1);
    /** On BrokerSpec: has() and a boolean only, so its CEL cost is a constant. */
    static final String NEEDS_SLAVES_RULE = "!has(self.failover) || !has(self.failover.enabled)"
            + " || !self.failover.enabled || self.slavesPerGroup >= 1";

    @JsonPropertyDescription("Promote a slave when the master is unavailable. Default: on when slavesPerGroup >= 1.")
    private Boolean enabled;

    @JsonPropertyDescription("How long the master must be continuously unavailable (pod not ready, not answering, or not registered on any NameServer) before a slave is promoted: seconds or minutes, e.g. 30s or 2m, between 10s and 1h.")
    @Size(max = 16)
    @Pattern(UNAVAILABLE_FOR_PATTERN)
    @Default("30s")
    private String unavailableFor = "30s";

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public String getUnavailableFor() { return unavailableFor; }
    public void setUnavailableFor(String unavailableFor) { this.unavailableFor = unavailableFor; }

    /** Whether failover runs for a group with {@code slavesPerGroup} slaves: the explicit setting, else slaves >= 1. */
    public boolean effectiveEnabled(int slavesPerGroup) {
        return enabled == null ? slavesPerGroup >= 1 : enabled;
    }

    /** unavailableFor as a Duration; an IllegalArgumentException names the field when it does not match the pattern. */
    public Duration unavailableFor() {
        return parse(unavailableFor);
    }

    static Duration parse(String value) {
        // at most 9 digits: the pattern has no upper bound, a long must not overflow
        if (value == null || !value.matches("[0-9]{1,9}[sm]")) {
            throw new IllegalArgumentException("spec.broker.failover.unavailableFor must be seconds or minutes like 30s or 2m, was '"
                    + value + "'");
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return value.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
    }
}
