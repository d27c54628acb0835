package io.cometmq.broker.auth;

import java.util.List;

/**
 * One rule of a policy: these actions on this resource, from these source addresses (none = any), are allowed or
 * denied.
 *
 * @param sourceIps the conditions as given (kept for the admin API), parsed into {@link SourceIp}s
 */
public record PolicyEntry(Resource resource, List<Action> actions, List<SourceIp> sourceIps, Decision decision) {

    public enum Decision implements ApacheName {
        ALLOW("Allow"), DENY("Deny");

        private final String displayName;

        Decision(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        public static Decision byName(String name) {
            return ApacheName.parse(Decision.class, name);
        }
    }

    public PolicyEntry {
        actions = List.copyOf(actions);
        sourceIps = List.copyOf(sourceIps);
    }

    /** As Apache's {@code PolicyEntry.isMatchAction}: {@code All} covers every action, ANY wants any one. */
    public boolean matchesAction(Action wanted) {
        if (actions.isEmpty()) {
            return false;
        }
        return wanted == Action.ANY || actions.contains(wanted) || actions.contains(Action.ALL);
    }

    /** True without conditions, else when {@code source} (null: unknown) lies in one of them. */
    public boolean matchesSource(byte[] source) {
        if (sourceIps.isEmpty()) {
            return true;
        }
        for (SourceIp condition : sourceIps) {
            if (condition.contains(source)) {
                return true;
            }
        }
        return false;
    }
}
