package io.cometmq.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerUser;
import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.ClusterNetworkPolicy;
import io.cometmq.operator.model.NameServerModel;
import io.cometmq.operator.security.GeneratedSecrets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC grants exactly what the operator uses, derived from the operator's code rather than copied:
 * <ul>
 *   <li>every kind the desired-state builders ({@link NameServerModel}, {@link BrokerGroupModel},
 *       {@link ClusterNetworkPolicy}) return is
 *       created, updated (PUT), deleted and watched: get, list, watch, create, update, delete;</li>
 *   <li>the primary resource {@link BrokerCluster}: informer (get, list, watch), drain annotation cleared
 *       (update, patch), status merge-patched, finalizers for blockOwnerDeletion;</li>
 *   <li>the primary resource {@link BrokerUser}: informer, its finalizer added and removed (update, patch), status
 *       merge-patched, finalizers for the blockOwnerDeletion of the password Secret it owns;</li>
 *   <li>core Events, created when the operator's sources call {@code events()}; kinds with an informer
 *       ({@code InformerEventSourceConfiguration.from(Kind.class ...)}, pods and events): list, watch;</li>
 *   <li>Secrets of spec.security: read with a GET, written through the ResourceApplier (create, update);</li>
 *   <li>the PodMonitor of spec.monitoring (monitoring.coreos.com): read, created, updated and deleted with plain
 *       calls, no informer (API discovery needs no rule);</li>
 *   <li>and every Kubernetes kind imported by the operator's API-facing packages must be one of those, so a
 *       new kind the reconciler starts to touch fails here until the chart grants it.</li>
 * </ul>
 * No rule may use a wildcard.
 */
class RbacTest {
    static final Set<String> OWNED_VERBS = Set.of("get", "list", "watch", "create", "update", "delete");
    static final Path OPERATOR_SOURCES = RenderedChart.REPO.resolve("operator/src/main/java");
    /** Packages of the operator that talk to the API server (the model package only builds objects). */
    static final List<String> API_PACKAGES = List.of("reconcile", "controller", "status", "remoting", "security", "user");

    record Grant(String group, String resource, String verb) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) { return toString().compareTo(o.toString()); }

        @Override
        public String toString() { return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb; }
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheOperatorUses() throws IOException {
        ClusterRole role = RenderedChart.render(Map.of()).one(ClusterRole.class);
        Set<Grant> required = new TreeSet<>(required());
        required.addAll(requiredClusterWide());
        assertThat(grants(role.getRules())).containsExactlyInAnyOrderElementsOf(required);
        assertThat(required).as("derived from the operator's code").contains(
                new Grant("apps", "statefulsets", "create"), new Grant("", "events", "create"),
                new Grant("", "events", "watch"), new Grant("", "pods", "list"), new Grant("", "namespaces", "get"),
                new Grant("cometmq.io", "brokerclusters/status", "patch"));
    }

    @Test
    void storageClassReadIsTheOnlyClusterWideGrantWhenWatchingNamespaces() throws IOException {
        RenderedChart chart = RenderedChart.render(Map.of("watchNamespaces", List.of("team-a")));
        assertThat(grants(chart.one(ClusterRole.class).getRules()))
                .containsExactlyInAnyOrderElementsOf(requiredClusterWide());
    }

    @Test
    void namespacedRolesGrantExactlyWhatTheOperatorUses() throws IOException {
        List<Role> roles = RenderedChart.render(Map.of("watchNamespaces", List.of("team-a", "team-b"))).all(Role.class);
        assertThat(roles).hasSize(2);
        Set<Grant> required = required();
        for (Role role : roles) {
            assertThat(grants(role.getRules())).as("Role in %s", role.getMetadata().getNamespace())
                    .containsExactlyInAnyOrderElementsOf(required);
        }
    }

    @Test
    void leaderElectionRoleGrantsOnlyTheLease() {
        Role lease = RenderedChart.render(Map.of("leaderElection.enabled", "true")).all(Role.class).stream()
                .filter(r -> r.getMetadata().getName().endsWith("-leader-election")).findFirst().orElseThrow();
        // fabric8's LeaseLock reads, creates and merge-patches the Lease (RecordedRequestsAllowedIT proves it from what
        // the operator sends); JOSDK also demands update in its SelfSubjectRulesReview check at start-up
        assertThat(grants(lease.getRules())).containsExactlyInAnyOrder(
                new Grant("coordination.k8s.io", "leases", "get"),
                new Grant("coordination.k8s.io", "leases", "create"),
                new Grant("coordination.k8s.io", "leases", "update"),
                new Grant("coordination.k8s.io", "leases", "patch"));
        assertThat(RenderedChart.render(Map.of()).all(Role.class)).isEmpty();
    }

    @Test
    void noRuleUsesAWildcard() {
        // (also with every optional part on)
        for (Map<String, Object> values : List.<Map<String, Object>>of(Map.of(),
                Map.of("watchNamespaces", List.of("a", "b"), "leaderElection.enabled", "true"))) {
            RenderedChart chart = RenderedChart.render(values);
            Stream.concat(chart.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
                            chart.all(Role.class).stream().flatMap(r -> r.getRules().stream()))
                    .forEach(rule -> {
                        assertThat(rule.getApiGroups()).doesNotContain("*");
                        assertThat(rule.getResources()).doesNotContain("*").noneMatch(r -> r.endsWith("/*"));
                        assertThat(rule.getVerbs()).doesNotContain("*");
                        assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
                    });
        }
    }

    /**
     * Kinds the API-facing code reads or changes besides the ones it owns, with the verbs it uses on them; the
     * verbs are checked against the calls in the source, the kinds against its imports.
     */
    record Extra(Class<? extends HasMetadata> kind, boolean clusterScoped, String dslCall, Map<String, String> verbsByCall) {}

    static final List<Extra> EXTRAS = List.of(
            new Extra(io.fabric8.kubernetes.api.model.Event.class, false, ".events()", Map.of(".create()", "create")),
            new Extra(io.fabric8.kubernetes.api.model.Pod.class, false, ".pods()", Map.of()),
            new Extra(io.fabric8.kubernetes.api.model.Secret.class, false, ".secrets()",
                    Map.of(".get()", "get", ".create()", "create")),
            new Extra(io.fabric8.kubernetes.api.model.Namespace.class, true, ".namespaces()", Map.of(".get()", "get")),
            // spec.externalAccess with NodePort: the address of a pod's node, read by name, never watched
            new Extra(io.fabric8.kubernetes.api.model.Node.class, true, ".nodes()", Map.of(".get()", "get")),
            new Extra(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, false, ".persistentVolumeClaims()",
                    Map.of(".get()", "get", ".patch(", "patch")),
            new Extra(io.fabric8.kubernetes.api.model.storage.StorageClass.class, true, ".storageClasses()",
                    Map.of(".get()", "get")),
            // spec.monitoring's PodMonitor (monitoring.coreos.com): plain requests, no informer
            new Extra(io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class, false,
                    ".resources(PodMonitor.class)",
                    Map.of(".get()", "get", ".create()", "create", ".update()", "update", ".delete()", "delete")));

    /**
     * Kinds the security step writes through ResourceApplier (createIfAbsent: POST; apply: POST or PUT) without an
     * informer and without deleting them (owner references do): create and update. Derived from the return types of
     * the Secret builders.
     */
    static Set<Class<?>> appliedKinds() {
        Set<Class<?>> kinds = new java.util.LinkedHashSet<>();
        for (Method method : GeneratedSecrets.class.getMethods()) {
            if (HasMetadata.class.isAssignableFrom(method.getReturnType())
                    && method.getDeclaringClass() == GeneratedSecrets.class) {
                kinds.add(method.getReturnType());
            }
        }
        return kinds;
    }

    /** Grants the operator needs in each namespace it watches, derived from its code. */
    static Set<Grant> required() throws IOException {
        return required(false);
    }

    /** Grants on cluster-scoped kinds. */
    static Set<Grant> requiredClusterWide() throws IOException {
        return required(true);
    }

    private static Set<Grant> required(boolean clusterScoped) throws IOException {
        Set<Grant> required = new TreeSet<>();
        String sources = apiSources();
        Set<Class<?>> owned = ownedKinds();
        assertThat(owned).as("kinds built by the desired-state builders").isNotEmpty();
        if (!clusterScoped) {
            for (Class<?> kind : owned) {
                OWNED_VERBS.forEach(verb -> required.add(grant(kind, "", verb)));
            }
            for (Class<?> kind : appliedKinds()) {
                required.add(grant(kind, "", "create"));
                required.add(grant(kind, "", "update"));
            }
            for (String verb : List.of("get", "list", "watch", "update", "patch")) {
                required.add(grant(BrokerCluster.class, "", verb));
            }
            for (String verb : List.of("get", "update", "patch")) {
                required.add(grant(BrokerCluster.class, "/status", verb));
            }
            required.add(grant(BrokerCluster.class, "/finalizers", "update"));
            for (String verb : List.of("get", "list", "watch", "update", "patch")) {
                required.add(grant(BrokerUser.class, "", verb));
            }
            for (String verb : List.of("get", "update", "patch")) {
                required.add(grant(BrokerUser.class, "/status", verb));
            }
            required.add(grant(BrokerUser.class, "/finalizers", "update"));
        }
        for (Extra extra : EXTRAS) {
            if (extra.clusterScoped() != clusterScoped) {
                continue;
            }
            // the statements that start with this client call, e.g. client.persistentVolumeClaims()....patch(...)
            Matcher calls = Pattern.compile(Pattern.quote(extra.dslCall()) + "[^;]*;").matcher(sources);
            while (calls.find()) {
                extra.verbsByCall().forEach((call, verb) -> {
                    if (calls.group().contains(call)) {
                        required.add(grant(extra.kind(), "", verb));
                    }
                });
            }
            // an informer on the kind lists and watches it
            if (sources.contains("InformerEventSourceConfiguration.from(" + extra.kind().getSimpleName() + ".class")) {
                required.add(grant(extra.kind(), "", "list"));
                required.add(grant(extra.kind(), "", "watch"));
            }
        }

        // Any other Kubernetes kind the API-facing code imports is one the chart does not know about yet.
        Set<String> known = new TreeSet<>();
        owned.forEach(k -> known.add(k.getName()));
        EXTRAS.forEach(e -> known.add(e.kind().getName()));
        Matcher imports = Pattern.compile("(?m)^import (io\\.fabric8\\.(?:kubernetes|openshift)\\.api\\.model\\.[\\w.]+);").matcher(sources);
        while (imports.find()) {
            Class<?> imported = load(imports.group(1));
            if (imported != null && HasMetadata.class.isAssignableFrom(imported) && !imported.isInterface()
                    && !Modifier.isAbstract(imported.getModifiers())) {
                assertThat(known).as("the operator's API-facing code imports %s: grant it in the chart's rules "
                        + "(templates/_helpers.tpl) and teach RbacTest.EXTRAS its verbs", imported.getName())
                        .contains(imported.getName());
            }
        }
        return required;
    }

    /** Return types of the builders' public methods that are Kubernetes objects. */
    static Set<Class<?>> ownedKinds() {
        Set<Class<?>> kinds = new java.util.LinkedHashSet<>();
        for (Class<?> builder : List.of(NameServerModel.class, BrokerGroupModel.class, ClusterNetworkPolicy.class)) {
            for (Method method : builder.getMethods()) {
                if (HasMetadata.class.isAssignableFrom(method.getReturnType()) && method.getDeclaringClass() == builder) {
                    kinds.add(method.getReturnType());
                }
            }
        }
        return kinds;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Grant grant(Class<?> kind, String subresource, String verb) {
        Class<? extends HasMetadata> k = (Class) kind;
        return new Grant(HasMetadata.getGroup(k), HasMetadata.getPlural(k) + subresource, verb);
    }

    static Set<Grant> grants(List<PolicyRule> rules) {
        Set<Grant> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getResourceNames()).as("rules are not restricted to names").isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertThat(grants.add(new Grant(group, resource, verb))).as("duplicate grant %s/%s:%s", group, resource, verb)
                                .isTrue();
                    }
                }
            }
        }
        return grants;
    }

    private static String apiSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String pkg : API_PACKAGES) {
            Path dir = OPERATOR_SOURCES.resolve("io/cometmq/operator").resolve(pkg);
            assertThat(dir).as("operator package listed in API_PACKAGES (renamed?)").isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            }
        }
        assertThat(all).as("operator sources under %s", OPERATOR_SOURCES).isNotEmpty();
        return all.toString();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RbacTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null; // a package import or a nested name: not a kind
        }
    }
}
