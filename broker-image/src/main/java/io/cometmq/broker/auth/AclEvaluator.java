package io.cometmq.broker.auth;

/**
 * Apache's {@code AclAuthorizationHandler} decision for one needed permission: among the entries of the Custom
 * policy (the Default policy only when no Custom entry matches) that match the resource, one of the actions and the
 * source address, the most specific decides: a literal name before a prefix (longer prefix first) before a
 * type-wide {@code Topic:*} before {@code *}; at equal specificity Deny wins. Nothing matching means no permission.
 * One pass over the entries, no allocation.
 */
public final class AclEvaluator {

    public enum Outcome {
        ALLOWED, NO_MATCH, DENIED
    }

    private AclEvaluator() {
    }

    public static Outcome evaluate(Acl acl, Permission needed, byte[] source) {
        if (acl == null) {
            return Outcome.NO_MATCH;
        }
        PolicyEntry best = bestMatch(acl, Policy.Type.CUSTOM, needed, source);
        if (best == null) {
            best = bestMatch(acl, Policy.Type.DEFAULT, needed, source);
        }
        if (best == null) {
            return Outcome.NO_MATCH;
        }
        return best.decision() == PolicyEntry.Decision.DENY ? Outcome.DENIED : Outcome.ALLOWED;
    }

    private static PolicyEntry bestMatch(Acl acl, Policy.Type type, Permission needed, byte[] source) {
        PolicyEntry best = null;
        for (Policy policy : acl.policies()) {
            if (policy.type() != type) {
                continue;
            }
            for (PolicyEntry entry : policy.entries()) {
                if (matches(entry, needed, source) && (best == null || precedes(entry, best))) {
                    best = entry;
                }
            }
        }
        return best;
    }

    private static boolean matches(PolicyEntry entry, Permission needed, byte[] source) {
        if (!entry.resource().matches(needed.resource())) {
            return false;
        }
        boolean action = false;
        for (Action wanted : needed.actions()) {
            if (entry.matchesAction(wanted)) {
                action = true;
                break;
            }
        }
        return action && entry.matchesSource(source);
    }

    /** True when {@code a} takes priority over {@code b} (both match the same literal resource). */
    static boolean precedes(PolicyEntry a, PolicyEntry b) {
        int bySpecificity = Integer.compare(specificity(a.resource()), specificity(b.resource()));
        if (bySpecificity != 0) {
            return bySpecificity > 0;
        }
        return a.decision() == PolicyEntry.Decision.DENY && b.decision() != PolicyEntry.Decision.DENY;
    }

    /** Higher is more specific: literal, then prefixes by length, then a whole type, then everything. */
    private static int specificity(Resource resource) {
        if (resource.type() == Resource.Type.ANY) {
            return 0;
        }
        return switch (resource.pattern()) {
            case ANY -> 1;
            case PREFIXED -> 2 + Math.min(resource.name().length(), Integer.MAX_VALUE - 3);
            case LITERAL -> Integer.MAX_VALUE;
        };
    }
}
