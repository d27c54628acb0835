package io.cometmq.operator.reconcile;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses cometmq.io/drain-group: group indices separated by commas ("3" or "2,3"); junk is ignored. */
public final class DrainRequest {
    private DrainRequest() {}

    public static Set<Integer> groups(BrokerCluster cluster) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(Annotations.DRAIN_GROUP);
        Set<Integer> groups = new TreeSet<>();
        if (value == null) {
            return groups;
        }
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> s.matches("\\d{1,3}"))
                .map(Integer::parseInt).forEach(groups::add);
        return groups;
    }

    /** The annotation value with the given groups taken out, or null when nothing is left. */
    public static String without(Set<Integer> requested, Set<Integer> done) {
        Set<Integer> left = new TreeSet<>(requested);
        left.removeAll(done);
        return left.isEmpty() ? null : String.join(",", left.stream().map(String::valueOf).toList());
    }
}
