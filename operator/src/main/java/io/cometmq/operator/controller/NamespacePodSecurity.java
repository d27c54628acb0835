package io.cometmq.operator.controller;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.PodSecurityAdmission;
import io.cometmq.operator.model.SpecProblem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cluster's Namespace for {@link PodSecurityAdmission}, only while the sysctl init container is on.
 * The chart grants {@code get} on namespaces through a ClusterRole in both watch modes (a namespaced Role
 * cannot grant it). Without that grant (rbac.readNamespaces=false, or RBAC managed by hand) the check is
 * skipped, and a refused pod still shows up as PodCreateFailed from the StatefulSet's FailedCreate event.
 */
final class NamespacePodSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(NamespacePodSecurity.class);

    private NamespacePodSecurity() {}

    static Optional<SpecProblem> check(KubernetesClient client, BrokerCluster cluster) {
        if (!cluster.getSpec().getTuning().getSysctls().isEnabled()) {
            return Optional.empty();
        }
        String name = cluster.getMetadata().getNamespace();
        Namespace namespace;
        try {
            namespace = client.namespaces().withName(name).get();
        } catch (KubernetesClientException e) {
            LOG.debug("cannot read namespace {} for its Pod Security level ({}); relying on FailedCreate events", name,
                    e.getCode());
            return Optional.empty();
        }
        return namespace == null ? Optional.empty()
                : PodSecurityAdmission.check(cluster, namespace.getMetadata().getLabels());
    }
}
