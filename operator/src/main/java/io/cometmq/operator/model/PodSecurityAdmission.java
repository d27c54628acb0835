package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerCluster;
import java.util.Map;
import java.util.Optional;

/**
 * What a namespace's Pod Security admission label means for the privileged sysctl init container. Only the
 * {@code privileged} level (or no enforce label) admits it; {@code baseline} and {@code restricted} refuse the
 * pod, and Pod Security admission treats a value it does not know as {@code restricted}. Every other CometMQ
 * container meets {@code restricted}, so the init container is the one thing to report. Pure.
 */
public final class PodSecurityAdmission {
    public static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
    public static final String PRIVILEGED = "privileged";
    public static final String FORBIDS_SYSCTLS = "PodSecurityForbidsSysctls";

    private PodSecurityAdmission() {}

    public static Optional<SpecProblem> check(BrokerCluster cluster, Map<String, String> namespaceLabels) {
        if (!cluster.getSpec().getTuning().getSysctls().isEnabled()) {
            return Optional.empty();
        }
        String level = namespaceLabels == null ? null : namespaceLabels.get(ENFORCE_LABEL);
        if (level == null || PRIVILEGED.equals(level)) {
            return Optional.empty();
        }
        return Optional.of(new SpecProblem(FORBIDS_SYSCTLS, "Namespace " + cluster.getMetadata().getNamespace()
                + " enforces Pod Security level \"" + level + "\", which refuses the privileged sysctl init container: set "
                + "spec.tuning.sysctls.enabled=false (and tune the nodes another way), or label the namespace "
                + ENFORCE_LABEL + "=" + PRIVILEGED + "."));
    }
}
