package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PodMonitor of spec.monitoring.podMonitor. Durations use the Prometheus Operator's pattern; label values are
 * bounded by the schema, label keys are checked by SpecChecker (a CEL rule over map keys would exceed the API
 * server's cost budget, as for the sysctls).
 */
public class PodMonitorSpec {
    /** The Prometheus Operator's Duration pattern (monitoring.coreos.com/v1 Duration). */
    public static final String DURATION_PATTERN =
            "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$";
    public static final int MAX_LABELS = 16;

    @JsonPropertyDescription("Create the PodMonitor <cluster> when the monitoring.coreos.com/v1 PodMonitor API is served. Default true.")
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("How often Prometheus scrapes each pod, a Prometheus duration such as 30s or 1m. Default 30s.")
    @Size(max = 32)
    @Pattern(DURATION_PATTERN)
    @Default("30s")
    private String interval = "30s";

    @JsonPropertyDescription("Scrape timeout, a Prometheus duration not longer than interval. Absent: Prometheus' default.")
    @Size(max = 32)
    @Pattern(DURATION_PATTERN)
    private String scrapeTimeout;

    @JsonPropertyDescription("Labels of the PodMonitor, e.g. the ones a Prometheus' podMonitorSelector selects (release: prometheus).")
    @Size(max = MAX_LABELS)
    private Map<String, @Size(max = 63) @Pattern("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$") String> labels =
            new LinkedHashMap<>();

    private static final java.util.regex.Pattern DURATION_PART = java.util.regex.Pattern.compile("([0-9]+)(ms|y|w|d|h|m|s)");

    /**
     * A Prometheus duration ({@link #DURATION_PATTERN}: units y, w, d, h, m, s, ms in that order, e.g. 1m30s) as a
     * Duration; an IllegalArgumentException names {@code field} when the value is not one.
     */
    public static Duration duration(String field, String value) {
        if (value == null || !value.matches(DURATION_PATTERN) || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must be a Prometheus duration such as 30s or 1m, was '" + value + "'");
        }
        Duration total = Duration.ZERO;
        java.util.regex.Matcher m = DURATION_PART.matcher(value);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "y" -> Duration.ofDays(Math.multiplyExact(365, n));
                    case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMillis(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(field + " is too long: '" + value + "'");
        }
        return total;
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getInterval() { return interval; }
    public void setInterval(String interval) { this.interval = interval; }
    public String getScrapeTimeout() { return scrapeTimeout; }
    public void setScrapeTimeout(String scrapeTimeout) { this.scrapeTimeout = scrapeTimeout; }
    public Map<String, String> getLabels() { return labels; }
    public void setLabels(Map<String, String> labels) { this.labels = labels; }
}
