package io.cometmq.broker.auth;

import java.util.ArrayList;
import java.util.List;

/** A subject's ({@code User:<name>}) policies, at most one per policy type. Immutable: changes give a new Acl. */
public record Acl(String subject, List<Policy> policies) {

    public Acl {
        policies = List.copyOf(policies);
    }

    /**
     * Apache's {@code Acl.updatePolicy}, which both createAcl and updateAcl use on an existing ACL: a policy type not
     * present is added; for one present, each new entry replaces the entry of the same resource or is appended.
     */
    public Acl mergedWith(List<Policy> updates) {
        List<Policy> merged = new ArrayList<>(policies);
        for (Policy update : updates) {
            int at = indexOf(merged, update.type());
            if (at < 0) {
                merged.add(update);
            } else {
                merged.set(at, merged.get(at).mergedWith(update.entries()));
            }
        }
        return new Acl(subject, merged);
    }

    /** Apache's {@code Acl.deletePolicy}: removes the resource's entry; a policy left empty goes too. */
    public Acl without(Policy.Type type, Resource resource) {
        List<Policy> kept = new ArrayList<>(policies);
        int at = indexOf(kept, type);
        if (at >= 0) {
            Policy reduced = kept.get(at).without(resource);
            if (reduced.entries().isEmpty()) {
                kept.remove(at);
            } else {
                kept.set(at, reduced);
            }
        }
        return new Acl(subject, kept);
    }

    private static int indexOf(List<Policy> policies, Policy.Type type) {
        for (int i = 0; i < policies.size(); i++) {
            if (policies.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }
}
