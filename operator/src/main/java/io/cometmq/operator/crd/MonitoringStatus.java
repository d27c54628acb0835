package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What spec.monitoring turned into: the metrics port and whether a PodMonitor scrapes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MonitoringStatus {
    public static final String CREATED = "Created";
    public static final String NOT_INSTALLED = "NotInstalled";
    public static final String DISABLED = "Disabled";
    public static final String FAILED = "Failed";

    @JsonPropertyDescription("Port of the container port named metrics on broker and NameServer pods; absent when metrics are off.")
    private Integer metricsPort;

    @JsonPropertyDescription("Created (the PodMonitor <cluster> exists), NotInstalled (the monitoring.coreos.com/v1 PodMonitor API is not served), Disabled or Failed.")
    private String podMonitor;

    @JsonPropertyDescription("What to do about it, for people.")
    private String message;

    public MonitoringStatus() {
    }

    public MonitoringStatus(Integer metricsPort, String podMonitor, String message) {
        this.metricsPort = metricsPort;
        this.podMonitor = podMonitor;
        this.message = message;
    }

    public Integer getMetricsPort() { return metricsPort; }
    public void setMetricsPort(Integer metricsPort) { this.metricsPort = metricsPort; }
    public String getPodMonitor() { return podMonitor; }
    public void setPodMonitor(String podMonitor) { this.podMonitor = podMonitor; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
}
