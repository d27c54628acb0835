package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Prometheus metrics of the cluster's brokers and NameServers (docs/OPERATOR.md, "Monitoring"). Absent: the
 * defaults, so a cluster serves metrics unless told not to. That the port does not collide with the remoting and
 * replication ports is checked by SpecChecker (InvalidMonitoring): a CEL rule for it would buy nothing here.
 */
public class MonitoringSpec {
    public static final int DEFAULT_PORT = 5557;

    @JsonPropertyDescription("Brokers and NameServers serve Prometheus metrics on the container port named metrics (metricsExporterType PROM). Default true.")
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("Port of the metrics endpoint (/metrics) on broker and NameServer pods; not 9876, 10911 or 10912. Default 5557.")
    @Min(1024)
    @Max(65535)
    @Default("5557")
    private int port = DEFAULT_PORT;

    @JsonPropertyDescription("A PodMonitor (monitoring.coreos.com/v1) for the Prometheus Operator, created when that API is served.")
    private PodMonitorSpec podMonitor = new PodMonitorSpec();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public PodMonitorSpec getPodMonitor() { return podMonitor; }
    public void setPodMonitor(PodMonitorSpec podMonitor) { this.podMonitor = podMonitor; }

    /** spec.monitoring as the operator applies it: the defaults when absent. */
    public static MonitoringSpec of(BrokerClusterSpec spec) {
        return spec.getMonitoring() == null ? new MonitoringSpec() : spec.getMonitoring();
    }

    /** Whether the operator keeps a PodMonitor: metrics on and the PodMonitor not turned off. */
    public boolean podMonitorEnabled() {
        return enabled && (podMonitor == null || podMonitor.isEnabled());
    }
}
