package io.cometmq.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API server serves the PodMonitor kind of monitoring.coreos.com/v1 (the Prometheus Operator's CRD),
 * asked through API discovery (GET /apis/monitoring.coreos.com/v1, which every authenticated user may read:
 * Kubernetes' system:discovery role) and reused for {@code interval}, so that reconciles do not each ask, and a
 * Prometheus Operator installed later is noticed within that time. PodMonitors are deliberately not watched: an
 * informer on a kind that is not served would keep JOSDK from starting.
 */
public final class PodMonitorDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(PodMonitorDiscovery.class);

    private record Answer(boolean served, Instant at) {}

    private final Clock clock;
    private final Duration interval;
    private volatile Answer last;

    public PodMonitorDiscovery(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    public boolean served(KubernetesClient client) {
        Answer answer = last;
        Instant now = clock.instant();
        if (answer != null && now.isBefore(answer.at().plus(interval))) {
            return answer.served();
        }
        boolean served;
        try {
            // supports(apiVersion, kind) always asks the API server (supports(Class) may be answered client-side)
            served = client.supports(HasMetadata.getApiVersion(PodMonitor.class), HasMetadata.getKind(PodMonitor.class));
        } catch (KubernetesClientException e) {
            // keep what was known: one failed discovery must not delete or forget a PodMonitor
            LOG.warn("API discovery of monitoring.coreos.com/v1 failed: {}", e.getMessage());
            served = answer != null && answer.served();
        }
        last = new Answer(served, now);
        return served;
    }
}
