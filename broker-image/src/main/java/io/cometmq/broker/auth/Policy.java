package io.cometmq.broker.auth;

import java.util.ArrayList;
import java.util.List;

/** A user's entries of one policy type ({@code Custom} from the admin API; {@code Default} is Apache's other). */
public record Policy(Type type, List<PolicyEntry> entries) {

    public enum Type implements ApacheName {
        CUSTOM("Custom"), DEFAULT("Default");

        private final String displayName;

        Type(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        public static Type byName(String name) {
            return ApacheName.parse(Type.class, name);
        }
    }

    public Policy {
        entries = List.copyOf(entries);
    }

    /** Apache's {@code Policy.updateEntry}: an entry for a resource already present replaces that entry in place. */
    Policy mergedWith(List<PolicyEntry> updates) {
        List<PolicyEntry> merged = new ArrayList<>(entries);
        for (PolicyEntry update : updates) {
            int at = indexOf(merged, update.resource());
            if (at < 0) {
                merged.add(update);
            } else {
                merged.set(at, update);
            }
        }
        return new Policy(type, merged);
    }

    /** This policy without the entry for {@code resource} (unchanged when there is none). */
    Policy without(Resource resource) {
        List<PolicyEntry> kept = new ArrayList<>(entries);
        int at = indexOf(kept, resource);
        if (at >= 0) {
            kept.remove(at);
        }
        return new Policy(type, kept);
    }

    private static int indexOf(List<PolicyEntry> entries, Resource resource) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).resource().equals(resource)) {
                return i;
            }
        }
        return -1;
    }
}
