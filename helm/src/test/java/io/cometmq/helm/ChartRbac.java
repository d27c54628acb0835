package io.cometmq.helm;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chart's RBAC as kube-apiserver's RBAC authorizer applies it to the operator's service account: a request is
 * allowed when a rule of a role bound to that account allows it: a ClusterRoleBinding anywhere, a RoleBinding only
 * in its own namespace. Wildcards are not honoured (the chart must not use them), so a rule written with one never
 * allows anything here. Requests every authenticated user may make are in {@link KubernetesDefaults}.
 */
final class ChartRbac {
    /** The request fields the authorizer looks at; namespace null = cluster-scoped, path set = non-resource URL. */
    record Request(String verb, String apiGroup, String resource, String subresource, String namespace, String name,
            String path) {
        String resourceWithSubresource() {
            return subresource == null ? resource : resource + "/" + subresource;
        }

        @Override
        public String toString() {
            if (path != null) {
                return verb + " " + path;
            }
            return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resourceWithSubresource()
                    + (namespace == null ? " (cluster-wide)" : " in namespace " + namespace) + (name == null ? "" : " " + name);
        }
    }

    private final RenderedChart chart;
    private final String serviceAccount;
    private final String serviceAccountNamespace;

    ChartRbac(RenderedChart chart, String releaseNamespace) {
        this.chart = chart;
        this.serviceAccount = chart.one(ServiceAccount.class).getMetadata().getName();
        this.serviceAccountNamespace = releaseNamespace;
    }

    boolean allows(Request request) {
        return KubernetesDefaults.allows(request) || !grantsFor(request).isEmpty();
    }

    /** Which bound roles allow the request ("ClusterRole x", "Role ns/x"), for messages. */
    List<String> grantsFor(Request request) {
        List<String> grants = new ArrayList<>();
        for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
            if (bindsOperator(binding.getSubjects())) {
                rules(binding.getRoleRef(), null).filter(rules -> anyAllows(rules, request))
                        .ifPresent(rules -> grants.add("ClusterRole " + binding.getRoleRef().getName()));
            }
        }
        if (request.namespace() != null && request.path() == null) {
            for (RoleBinding binding : chart.all(RoleBinding.class)) {
                String ns = binding.getMetadata().getNamespace();
                if (request.namespace().equals(ns) && bindsOperator(binding.getSubjects())) {
                    rules(binding.getRoleRef(), ns).filter(rules -> anyAllows(rules, request))
                            .ifPresent(rules -> grants.add(binding.getRoleRef().getKind() + " " + ns + "/" + binding.getRoleRef().getName()));
                }
            }
        }
        return grants;
    }

    /** Every rule of every Role and ClusterRole in the chart. */
    List<PolicyRule> allRules() {
        List<PolicyRule> rules = new ArrayList<>();
        chart.all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
        chart.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
        return rules;
    }

    private boolean bindsOperator(List<Subject> subjects) {
        return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                && serviceAccount.equals(s.getName()) && serviceAccountNamespace.equals(s.getNamespace()));
    }

    /** The rules a binding refers to; a RoleBinding's Role lives in the binding's namespace. */
    private Optional<List<PolicyRule>> rules(RoleRef ref, String bindingNamespace) {
        if ("ClusterRole".equals(ref.getKind())) {
            return chart.named(ClusterRole.class, ref.getName()).map(ClusterRole::getRules);
        }
        return chart.all(Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals(ref.getName())
                        && r.getMetadata().getNamespace().equals(bindingNamespace))
                .findFirst().map(Role::getRules);
    }

    private static boolean anyAllows(List<PolicyRule> rules, Request request) {
        return rules.stream().anyMatch(rule -> allows(rule, request));
    }

    static boolean allows(PolicyRule rule, Request request) {
        if (!contains(rule.getVerbs(), request.verb())) {
            return false;
        }
        if (request.path() != null) {
            return rule.getNonResourceURLs() != null && rule.getNonResourceURLs().stream()
                    .anyMatch(url -> url.equals(request.path())
                            || url.endsWith("*") && request.path().startsWith(url.substring(0, url.length() - 1)));
        }
        return contains(rule.getApiGroups(), request.apiGroup())
                && contains(rule.getResources(), request.resourceWithSubresource())
                && (isEmpty(rule.getResourceNames()) || request.name() != null && rule.getResourceNames().contains(request.name()));
    }

    private static boolean contains(List<String> values, String value) {
        return values != null && values.contains(value);
    }

    private static boolean isEmpty(List<String> values) {
        return values == null || values.isEmpty();
    }

    /**
     * What Kubernetes' default ClusterRoles grant every authenticated user (bound to {@code system:authenticated} by
     * kube-apiserver's bootstrap policy): {@code system:basic-user} (self reviews), {@code system:discovery} and
     * {@code system:public-info-viewer} (discovery and health URLs).
     */
    static final class KubernetesDefaults {
        static final List<PolicyRule> RULES = List.of(
                rule(List.of("authorization.k8s.io"), List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"), "create"),
                rule(List.of("authentication.k8s.io"), List.of("selfsubjectreviews"), "create"),
                new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withVerbs("get")
                        .withNonResourceURLs("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/readyz", "/version",
                                "/version/", "/openapi", "/openapi/*")
                        .build());

        static boolean allows(Request request) {
            return RULES.stream().anyMatch(rule -> ChartRbac.allows(rule, request));
        }

        private static PolicyRule rule(List<String> groups, List<String> resources, String verb) {
            return new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups(groups)
                    .withResources(resources).withVerbs(verb).build();
        }
    }
}
