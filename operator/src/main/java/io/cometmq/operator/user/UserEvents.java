package io.cometmq.operator.user;

import io.cometmq.operator.crd.BrokerUser;
import io.cometmq.operator.reconcile.ClusterEvents;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events on a BrokerUser (best effort). Messages are the status messages: names and broker remarks, no secret. */
final class UserEvents {
    private static final Logger LOG = LoggerFactory.getLogger(UserEvents.class);

    private UserEvents() {
    }

    static void record(KubernetesClient client, Clock clock, BrokerUser user, boolean normal, String reason, String message) {
        String namespace = user.getMetadata().getNamespace();
        String now = Instant.now(clock).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(user.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(user.getApiVersion()).withKind(user.getKind())
                    .withName(user.getMetadata().getName()).withNamespace(namespace).withUid(user.getMetadata().getUid())
                .endInvolvedObject()
                .withType(normal ? "Normal" : "Warning")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(ClusterEvents.COMPONENT).endSource()
                .withReportingComponent(ClusterEvents.COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("{}/{} could not record event {}: {}", namespace, user.getMetadata().getName(), reason, e.getMessage());
        }
    }
}
