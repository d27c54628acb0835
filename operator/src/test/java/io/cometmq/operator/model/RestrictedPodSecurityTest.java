package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.Examples;
import io.cometmq.operator.crd.BrokerCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every pod the operator renders meets Pod Security "restricted" ({@link RestrictedProfile}) whenever the
 * sysctl init container is off; with it on, only that init container falls outside the profile.
 */
class RestrictedPodSecurityTest {

    static List<Path> examples() throws IOException {
        return Examples.files();
    }

    @Test
    void devExampleMeetsRestrictedAsWritten() throws IOException {
        BrokerCluster dev = Examples.load(Examples.dir().resolve("dev-cluster.yaml"));
        assertThat(dev.getSpec().getTuning().getSysctls().isEnabled()).as("the dev example turns sysctls off").isFalse();
        assertThat(violationsByPod(dev)).allSatisfy((pod, violations) -> assertThat(violations).as(pod).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleWithSysctlsOffMeetsRestricted(Path file) throws IOException {
        BrokerCluster cluster = Examples.load(file);
        cluster.getSpec().getTuning().getSysctls().setEnabled(false);
        Map<String, List<String>> violations = violationsByPod(cluster);
        assertThat(violations).hasSizeGreaterThanOrEqualTo(3);
        assertThat(violations).allSatisfy((pod, found) -> assertThat(found).as(pod).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void withSysctlsOnOnlyTheInitContainerIsPrivileged(Path file) throws IOException {
        BrokerCluster cluster = Examples.load(file);
        cluster.getSpec().getTuning().getSysctls().setEnabled(true);
        Names names = names(cluster);
        PodSpec broker = new BrokerGroupModel(cluster, names, 0).statefulSet(BrokerRole.MASTER).getSpec().getTemplate().getSpec();

        // the checker sees what the API server's admission would refuse...
        assertThat(RestrictedProfile.violations(broker)).contains("container sysctl: privileged",
                "container sysctl: runAsNonRoot != true", "container sysctl: runAsUser 0");
        // ...and it is the init container alone
        assertThat(RestrictedProfile.violations(broker)).allMatch(v -> v.startsWith("container " + SysctlInitContainer.NAME + ":"));
        for (Container main : broker.getContainers()) {
            assertThat(RestrictedProfile.containerViolations(main, true, "RuntimeDefault")).as(main.getName()).isEmpty();
        }
        PodSpec nameServer = new NameServerModel(cluster, names).statefulSet().getSpec().getTemplate().getSpec();
        assertThat(RestrictedProfile.violations(nameServer)).isEmpty();
    }

    @Test
    void theCheckerRefusesWhatTheProfileForbids() throws IOException {
        BrokerCluster dev = Examples.load(Examples.dir().resolve("dev-cluster.yaml"));
        PodSpec pod = new BrokerGroupModel(dev, names(dev), 0).statefulSet(BrokerRole.MASTER).getSpec().getTemplate().getSpec();
        pod.setHostNetwork(true);
        pod.getSecurityContext().setRunAsNonRoot(null);
        pod.getSecurityContext().setSeccompProfile(null);
        pod.getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("host")
                .withNewHostPath().withPath("/var").endHostPath().build());
        pod.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null);
        pod.getContainers().get(0).getSecurityContext().getCapabilities().setDrop(List.of());

        assertThat(RestrictedProfile.violations(pod)).containsExactlyInAnyOrder("hostNetwork", "volume host has type hostPath",
                "container broker: allowPrivilegeEscalation != false", "container broker: capabilities.drop does not contain ALL",
                "container broker: runAsNonRoot != true", "container broker: seccompProfile null");
    }

    private static Map<String, List<String>> violationsByPod(BrokerCluster cluster) {
        Names names = names(cluster);
        List<Map.Entry<String, PodSpec>> pods = new ArrayList<>();
        pods.add(Map.entry(names.nameServer(), new NameServerModel(cluster, names).statefulSet().getSpec().getTemplate().getSpec()));
        for (int g = 0; g < cluster.getSpec().getBroker().getGroups(); g++) {
            BrokerGroupModel group = new BrokerGroupModel(cluster, names, g);
            for (BrokerRole role : BrokerRole.values()) {
                pods.add(Map.entry(names.brokerSet(g, role), group.statefulSet(role).getSpec().getTemplate().getSpec()));
            }
        }
        return pods.stream().collect(Collectors.toMap(Map.Entry::getKey, e -> RestrictedProfile.violations(e.getValue())));
    }

    private static Names names(BrokerCluster cluster) {
        return new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(), Names.DEFAULT_CLUSTER_DOMAIN);
    }
}
