package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.operator.crd.PodMonitorSpec;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitorBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PodMonitor {@code <c>} (monitoring.coreos.com/v1) of spec.monitoring.podMonitor: the Prometheus Operator scrapes
 * port {@code metrics}, path /metrics, of every broker and NameServer pod of the cluster (selected by the labels
 * every pod has: app.kubernetes.io/name and app.kubernetes.io/instance). Labels of spec.monitoring.podMonitor.labels
 * come on top of the operator's own (which they cannot replace), so that a Prometheus' podMonitorSelector can pick it.
 * Pure; the reconcile step decides whether the API is served.
 */
public final class ClusterPodMonitor {
    public static final String PATH = "/metrics";

    private ClusterPodMonitor() {}

    public static PodMonitor build(BrokerCluster cluster, Names names) {
        PodMonitorSpec spec = MonitoringSpec.of(cluster.getSpec()).getPodMonitor();
        if (spec == null) {
            spec = new PodMonitorSpec();
        }
        Map<String, String> labels = new LinkedHashMap<>(spec.getLabels() == null ? Map.of() : spec.getLabels());
        labels.putAll(Labels.cluster(names.cluster()));
        Map<String, String> clusterPods = new LinkedHashMap<>();
        clusterPods.put(Labels.NAME, Labels.APP);
        clusterPods.put(Labels.INSTANCE, names.cluster());
        return new PodMonitorBuilder()
                .withMetadata(Owners.metadata(cluster, names.podMonitor(), labels))
                .withNewSpec()
                    .withNewSelector().withMatchLabels(clusterPods).endSelector()
                    .addNewPodMetricsEndpoint()
                        .withPort(Ports.METRICS_NAME)
                        .withPath(PATH)
                        .withInterval(spec.getInterval())
                        .withScrapeTimeout(spec.getScrapeTimeout())
                    .endPodMetricsEndpoint()
                .endSpec()
                .build();
    }
}
