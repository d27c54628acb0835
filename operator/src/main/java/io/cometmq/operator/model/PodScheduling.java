package io.cometmq.operator.model;

import io.cometmq.operator.crd.AntiAffinityMode;
import io.cometmq.operator.crd.SchedulingSpec;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import java.util.Map;

/**
 * Affinity of a pod set: the user's affinity, plus (unless they gave a podAntiAffinity themselves) an
 * anti-affinity that spreads the pods of one NameServer set or one broker group across nodes, so that
 * a master and its slaves do not share a node failure.
 */
public final class PodScheduling {
    public static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

    private PodScheduling() {}

    /** Null when there is nothing to set. */
    public static Affinity affinity(SchedulingSpec spec, Map<String, String> spreadSelector) {
        Affinity user = spec.getAffinity();
        PodAntiAffinity own = antiAffinity(spec.getAntiAffinity(), spreadSelector);
        if (user == null) {
            return own == null ? null : new AffinityBuilder().withPodAntiAffinity(own).build();
        }
        AffinityBuilder merged = new AffinityBuilder(user);
        if (user.getPodAntiAffinity() == null && own != null) {
            merged.withPodAntiAffinity(own);
        }
        return merged.build();
    }

    static PodAntiAffinity antiAffinity(AntiAffinityMode mode, Map<String, String> selector) {
        PodAffinityTerm term = new PodAffinityTermBuilder()
                .withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                .withTopologyKey(HOSTNAME_TOPOLOGY)
                .build();
        switch (mode) {
            case required:
                return new PodAntiAffinityBuilder().withRequiredDuringSchedulingIgnoredDuringExecution(term).build();
            case preferred:
                return new PodAntiAffinityBuilder()
                        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                            .withWeight(100).withPodAffinityTerm(term)
                        .endPreferredDuringSchedulingIgnoredDuringExecution()
                        .build();
            default:
                return null;
        }
    }
}
