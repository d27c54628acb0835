package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.operator.crd.MonitoringStatus;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.ClusterPodMonitor;
import io.cometmq.operator.model.DesiredHash;
import io.cometmq.operator.model.Names;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.util.HashMap;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the PodMonitor {@code <c>} of spec.monitoring.podMonitor, when the API server serves that kind
 * ({@link PodMonitorDiscovery}), and says in status what came of it: Created, NotInstalled (the Prometheus
 * Operator's CRD is missing), Disabled, or Failed (the API server refused it; the rest of the reconcile goes on). The
 * PodMonitor is written with plain get/create/update (its desired-hash annotation saves the update when nothing
 * changed) and deleted when the spec turns it off; the owner reference removes it with the cluster.
 */
public final class PodMonitorStep {
    private static final Logger LOG = LoggerFactory.getLogger(PodMonitorStep.class);
    public static final String CRD_MISSING = "PodMonitor CRD monitoring.coreos.com/v1 not installed: scrape port"
            + " 'metrics' of the pods yourself";

    private final KubernetesClient client;
    private final PodMonitorDiscovery discovery;

    public PodMonitorStep(KubernetesClient client, PodMonitorDiscovery discovery) {
        this.client = client;
        this.discovery = discovery;
    }

    public MonitoringStatus apply(BrokerCluster cluster, Names names) {
        MonitoringSpec monitoring = MonitoringSpec.of(cluster.getSpec());
        Integer port = monitoring.isEnabled() ? monitoring.getPort() : null;
        if (!monitoring.podMonitorEnabled()) {
            if (discovery.served(client)) {
                delete(names);
            }
            return new MonitoringStatus(port, MonitoringStatus.DISABLED, monitoring.isEnabled()
                    ? "spec.monitoring.podMonitor.enabled is false: scrape port 'metrics' of the pods yourself."
                    : "spec.monitoring.enabled is false: brokers and NameServers serve no metrics.");
        }
        if (!discovery.served(client)) {
            return new MonitoringStatus(port, MonitoringStatus.NOT_INSTALLED, CRD_MISSING);
        }
        try {
            write(ClusterPodMonitor.build(cluster, names));
        } catch (KubernetesClientException e) {
            LOG.warn("{}/{}: PodMonitor not written: {}", names.namespace(), names.cluster(), e.getMessage());
            return new MonitoringStatus(port, MonitoringStatus.FAILED, "PodMonitor " + names.podMonitor()
                    + " could not be written (HTTP " + e.getCode() + "): " + e.getMessage());
        }
        return new MonitoringStatus(port, MonitoringStatus.CREATED, "PodMonitor " + names.podMonitor()
                + " scrapes port 'metrics' (" + port + ") of every broker and NameServer pod.");
    }

    private void write(PodMonitor desired) {
        String hash = DesiredHash.of(desired);
        if (desired.getMetadata().getAnnotations() == null) {
            desired.getMetadata().setAnnotations(new HashMap<>());
        }
        desired.getMetadata().getAnnotations().put(Annotations.DESIRED_HASH, hash);
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        PodMonitor live = client.resources(PodMonitor.class).inNamespace(namespace).withName(name).get();
        if (live == null) {
            client.resources(PodMonitor.class).resource(desired).create();
        } else if (live.getMetadata().getAnnotations() == null
                || !Objects.equals(hash, live.getMetadata().getAnnotations().get(Annotations.DESIRED_HASH))) {
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            client.resources(PodMonitor.class).resource(desired).update();
        }
    }

    private void delete(Names names) {
        try {
            String name = names.podMonitor();
            PodMonitor live = client.resources(PodMonitor.class).inNamespace(names.namespace()).withName(name).get();
            if (live != null) {
                client.resources(PodMonitor.class).inNamespace(names.namespace()).withName(name).delete();
            }
        } catch (KubernetesClientException e) {
            LOG.warn("{}/{}: PodMonitor not deleted: {}", names.namespace(), names.cluster(), e.getMessage());
        }
    }
}
