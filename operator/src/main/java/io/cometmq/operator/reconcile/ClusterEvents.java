package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a BrokerCluster, shown by {@code kubectl describe}. Best effort: a failure to
 * record an event is logged and never fails a reconcile.
 */
public class ClusterEvents {
    public static final String COMPONENT = "cometmq-operator";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);

    private final KubernetesClient client;
    private final Clock clock;

    public ClusterEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(BrokerCluster cluster, String reason, String message) {
        record(cluster, "Normal", reason, message);
    }

    public void warning(BrokerCluster cluster, String reason, String message) {
        record(cluster, "Warning", reason, message);
    }

    private void record(BrokerCluster cluster, String type, String reason, String message) {
        String namespace = cluster.getMetadata().getNamespace();
        LOG.info("{}/{} event {} {}: {}", namespace, cluster.getMetadata().getName(), type, reason, message);
        String now = Instant.now(clock).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(cluster.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(cluster.getApiVersion())
                    .withKind(cluster.getKind())
                    .withName(cluster.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(cluster.getMetadata().getUid())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("{}/{} could not record event {}: {}", namespace, cluster.getMetadata().getName(), reason,
                    e.getMessage());
        }
    }
}
