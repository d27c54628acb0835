package io.cometmq.operator.user;

import io.cometmq.operator.crd.AclEntrySpec;
import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyEntryInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to send so that a broker's Custom policy for a subject holds exactly the spec's entries. Apache keeps one
 * entry per resource and create/update replace entries of the same resource while keeping the others, so the plan is:
 * write the spec's entries (create when the subject has no ACL, update otherwise) if any differs, then delete the
 * resources the spec no longer lists; with an empty spec, delete the whole ACL. Policies of type Default (migrated
 * from ACL 1.0) are not the operator's and are left alone.
 *
 * @param write entries to create or update, or null when the broker already has them
 * @param create whether {@code write} goes with AUTH_CREATE_ACL (no ACL yet) rather than AUTH_UPDATE_ACL
 * @param deleteResources resources to delete one by one (AUTH_DELETE_ACL with a resource)
 * @param deleteAll delete the subject's whole ACL (AUTH_DELETE_ACL without a resource)
 */
public record AclPlan(AclInfo write, boolean create, List<String> deleteResources, boolean deleteAll) {
    static final String CUSTOM = "Custom";

    public boolean nothingToDo() {
        return write == null && deleteResources.isEmpty() && !deleteAll;
    }

    /** The spec's entries as the admin API's body (one Custom policy). */
    public static AclInfo desired(String subject, List<AclEntrySpec> entries) {
        List<PolicyEntryInfo> infos = new ArrayList<>();
        for (AclEntrySpec entry : entries) {
            infos.add(new PolicyEntryInfo(entry.getResource(), entry.getActions().stream().map(Enum::name).toList(),
                    entry.getSourceIps() == null ? List.of() : List.copyOf(entry.getSourceIps()),
                    entry.getDecision() == null ? AclEntrySpec.Decision.Allow.name() : entry.getDecision().name()));
        }
        return new AclInfo(subject, List.of(new PolicyInfo(CUSTOM, infos)));
    }

    public static AclPlan of(AclInfo desired, Optional<AclInfo> onBroker) {
        Map<String, Entry> wanted = custom(Optional.of(desired));
        Map<String, Entry> present = custom(onBroker);
        if (wanted.isEmpty()) {
            return new AclPlan(null, false, List.of(), !present.isEmpty());
        }
        boolean differs = wanted.entrySet().stream().anyMatch(e -> !e.getValue().equals(present.get(e.getKey())));
        List<String> stale = present.keySet().stream().filter(r -> !wanted.containsKey(r)).sorted().toList();
        boolean noAcl = onBroker.isEmpty() || onBroker.get().policies() == null || onBroker.get().policies().isEmpty();
        return new AclPlan(differs ? desired : null, noAcl, stale, false);
    }

    /** resource → entry of the Custom policy (a missing policy type counts as Custom, as Apache defaults it). */
    private static Map<String, Entry> custom(Optional<AclInfo> acl) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (acl.isEmpty() || acl.get().policies() == null) {
            return entries;
        }
        for (PolicyInfo policy : acl.get().policies()) {
            if (policy.policyType() != null && !CUSTOM.equalsIgnoreCase(policy.policyType())) {
                continue;
            }
            for (PolicyEntryInfo entry : policy.entries() == null ? List.<PolicyEntryInfo>of() : policy.entries()) {
                entries.put(entry.resource(), Entry.of(entry));
            }
        }
        return entries;
    }

    /** An entry compared as the broker applies it: action and IP order and spelling case do not matter. */
    private record Entry(Set<String> actions, Set<String> sourceIps, String decision) {
        static Entry of(PolicyEntryInfo info) {
            return new Entry(lower(info.actions()), lower(info.sourceIps()),
                    info.decision() == null ? "allow" : info.decision().toLowerCase(Locale.ROOT));
        }

        private static Set<String> lower(List<String> values) {
            Set<String> set = new TreeSet<>();
            if (values != null) {
                values.forEach(v -> set.add(v.toLowerCase(Locale.ROOT)));
            }
            return set;
        }
    }
}
