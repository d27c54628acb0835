package io.cometmq.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** helm lint and helm template (helm-java, in-process) over the values users change most. */
class HelmChartTest {

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultInstallWatchesAllNamespacesWithAClusterRole() {
        RenderedChart chart = RenderedChart.render(Map.of());
        // plus the three Grafana dashboard ConfigMaps (DashboardsTest)
        assertThat(chart.objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment",
                "ConfigMap", "ConfigMap", "ConfigMap");

        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(operator.getImage()).isEqualTo("cometmq/operator:" + ChartFilesTest.chartAppVersion());
        assertThat(env(operator)).containsEntry("COMETMQ_NAMESPACES", "")
                .containsEntry("COMETMQ_HTTP_PORT", "8080")
                .containsEntry("COMETMQ_LEADER_ELECTION", "false")
                .containsEntry("COMETMQ_LEASE_NAMESPACE", RenderedChart.NAMESPACE)
                .containsEntry("COMETMQ_CLUSTER_DOMAIN", "cluster.local")
                .containsEntry("COMETMQ_LOG_FORMAT", "json");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(operator.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(operator.getResources().getLimits()).containsKey("memory");

        ServiceAccount account = chart.one(ServiceAccount.class);
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(account.getMetadata().getName());
        ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(chart.one(ClusterRole.class).getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        });

        Service metrics = chart.one(Service.class);
        assertThat(metrics.getSpec().getSelector()).isNotEmpty();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(metrics.getSpec().getSelector());
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(metrics.getSpec().getSelector());
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(metrics.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
    }

    @Test
    void watchedNamespacesGetARoleEachAndNothingClusterWide() {
        RenderedChart chart = RenderedChart.render(Map.of("watchNamespaces", List.of("team-a", "team-b")));
        // the only cluster-wide grants of this mode: reading StorageClasses and Namespaces, which are not namespaced
        assertThat(chart.all(ClusterRole.class)).singleElement()
                .satisfies(r -> assertThat(r.getMetadata().getName()).endsWith("-cluster-reads"));
        assertThat(chart.all(ClusterRoleBinding.class)).singleElement()
                .satisfies(b -> assertThat(b.getRoleRef().getName()).endsWith("-cluster-reads"));
        RenderedChart strict = RenderedChart.render(Map.of("watchNamespaces", List.of("team-a"),
                "rbac.readStorageClasses", "false", "rbac.readNamespaces", "false", "rbac.readNodes", "false"));
        assertThat(strict.all(ClusterRole.class)).isEmpty();
        assertThat(strict.all(ClusterRoleBinding.class)).isEmpty();
        // cluster-wide mode without Namespace reads: the Pod Security check is skipped (PodCreateFailed still reports)
        assertThat(RenderedChart.render(Map.of("rbac.readNamespaces", "false")).one(ClusterRole.class).getRules())
                .noneMatch(rule -> rule.getResources().contains("namespaces"));
        assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        for (RoleBinding binding : chart.all(RoleBinding.class)) {
            assertThat(binding.getRoleRef().getName()).isEqualTo(chart.all(Role.class).get(0).getMetadata().getName());
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getSubjects()).singleElement()
                    .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE));
        }
        assertThat(chart.all(RoleBinding.class)).extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("team-a", "team-b");
        Container operator = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(operator)).containsEntry("COMETMQ_NAMESPACES", "team-a,team-b");
    }

    @Test
    void leaderElectionAddsALeaseRoleAndAllowsReplicas() {
        RenderedChart chart = RenderedChart.render(Map.of("leaderElection.enabled", "true", "replicaCount", "2"));
        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("COMETMQ_LEADER_ELECTION", "true").containsEntry("COMETMQ_LEASE_NAME", "cometmq-operator-lease")
                .containsEntry("COMETMQ_LEASE_DURATION", "15s").containsEntry("COMETMQ_LEASE_RENEW_DEADLINE", "10s")
                .containsEntry("COMETMQ_LEASE_RETRY_PERIOD", "2s");
        Role lease = chart.one(Role.class);
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        assertThat(chart.one(RoleBinding.class).getRoleRef().getName()).isEqualTo(lease.getMetadata().getName());

        assertThatThrownBy(() -> RenderedChart.render(Map.of("replicaCount", "2")))
                .hasMessageContaining("leaderElection.enabled=true");
    }

    @Test
    void optionalPartsCanBeTurnedOff() {
        RenderedChart chart = RenderedChart.render(Map.of("metrics.enabled", "false", "rbac.create", "false",
                "serviceAccount.create", "false", "serviceAccount.name", "ops-managed", "dashboards.enabled", "false"));
        assertThat(chart.objects).extracting(HasMetadata::getKind).containsExactly("Deployment");
        assertThat(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("ops-managed");
    }

    @Test
    void operatorNetworkPolicyAdmitsOnlyTheMetricsPortWhenEnabled() {
        assertThat(RenderedChart.render(Map.of()).all(NetworkPolicy.class)).isEmpty();
        RenderedChart chart = RenderedChart.render(Map.of("networkPolicy.enabled", "true", "metrics.port", "9090"));
        NetworkPolicy policy = chart.one(NetworkPolicy.class);
        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal())
                    .isEqualTo(9090));
            assertThat(rule.getFrom()).isNullOrEmpty();
        });
        NetworkPolicy limited = RenderedChart.render(Map.of("networkPolicy.enabled", "true",
                "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name", "monitoring")).one(NetworkPolicy.class);
        assertThat(limited.getSpec().getIngress().get(0).getFrom()).singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("name",
                        "monitoring"));
    }

    @Test
    void imageAndValuesOverridesReachTheDeployment() {
        RenderedChart chart = RenderedChart.render(Map.of("image.repository", "registry.example/cometmq-operator",
                "image.tag", "1.2.3", "javaOpts", "-Xmx300m", "logging.format", "text", "clusterDomain", "k8s.internal"));
        Container operator = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(operator.getImage()).isEqualTo("registry.example/cometmq-operator:1.2.3");
        assertThat(env(operator)).containsEntry("JAVA_OPTS", "-Xmx300m").containsEntry("COMETMQ_LOG_FORMAT", "text")
                .containsEntry("COMETMQ_CLUSTER_DOMAIN", "k8s.internal");
    }

    /** The CRD ships in crds/ (installed before the templates, never templated) and is the generated one. */
    @Test
    void crdIsInstalledFromCrdsDirectory() throws Exception {
        RenderedChart withCrds = RenderedChart.render(Map.of(), t -> t);
        RenderedChart without = RenderedChart.render(Map.of(), t -> t.skipCrds());
        assertThat(without.all(CustomResourceDefinition.class)).isEmpty();
        Path crdFile = RenderedChart.CHART.resolve("crds/brokerclusters.cometmq.io-v1.yml");
        CustomResourceDefinition shipped = Serialization.unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
        assertThat(shipped.getMetadata().getName()).isEqualTo("brokerclusters.cometmq.io");
        List<CustomResourceDefinition> rendered = withCrds.all(CustomResourceDefinition.class);
        // helm template prints crds/ only with --include-crds; either way the file is what `helm install` applies
        if (!rendered.isEmpty()) {
            assertThat(rendered).singleElement().isEqualTo(shipped);
        }
    }

    /** NOTES.txt (what `helm install` prints) tells the user the next kubectl apply, with the example inline. */
    @Test
    void notesTellTheNextKubectlApply() throws Exception {
        String notes = notes(Map.of());
        assertThat(notes).contains("kubectl create namespace demo")
                .contains("kubectl apply -n demo -f - <<'YAML'")
                .contains("kind: BrokerCluster")
                .contains("kubectl get bc -n demo")
                .contains("kubectl describe bc dev -n demo")
                .contains("status.grpcEndpoint", "kubectl get bc -n demo -o wide");
        String body = notes.substring(notes.indexOf("<<'YAML'\n") + 9, notes.indexOf("\nYAML\n"));
        assertThat(body.strip()).isEqualTo(Files.readString(RenderedChart.CHART.resolve("examples/dev-cluster.yaml")).strip());

        String scoped = notes(Map.of("watchNamespaces", List.of("team-a")));
        assertThat(scoped).contains("kubectl apply -n team-a -f -").doesNotContain("create namespace");
    }

    private static String notes(Map<String, Object> values) {
        var install = new Helm(RenderedChart.CHART).install().withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE).withDryRunOption(DryRun.CLIENT).clientOnly();
        for (Map.Entry<String, Object> value : RenderedChart.flatten(values).entrySet()) {
            install = install.set(value.getKey(), value.getValue());
        }
        Release release = install.call();
        return release.getOutput();
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }
}
