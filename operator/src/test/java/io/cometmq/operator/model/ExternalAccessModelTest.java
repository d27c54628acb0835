package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.ExternalAccessSpec;
import io.cometmq.operator.crd.ExternalAccessSpec.ExternalServiceType;
import io.cometmq.operator.crd.ExternalAccessSpec.NodeAddressType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.externalAccess in the desired objects: Services, address ConfigMap, rendered keys, ports, mounts, checks. */
class ExternalAccessModelTest {
    private static final Names NAMES = new Names("ext", "ns", "cluster.local");

    private static BrokerCluster cluster() {
        BrokerCluster cluster = BrokerClusters.withSlaves("ext", 2, 1);
        cluster.getMetadata().setNamespace("ns");
        return cluster;
    }

    private static ExternalAccessSpec enable(BrokerCluster cluster) {
        ExternalAccessSpec external = new ExternalAccessSpec();
        external.setEnabled(true);
        cluster.getSpec().setExternalAccess(external);
        return external;
    }

    private static Container brokerContainer(BrokerCluster cluster) {
        return new BrokerGroupModel(cluster, NAMES, 0).statefulSet(BrokerRole.SLAVE).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    private static Container nameServerContainer(BrokerCluster cluster) {
        return new NameServerModel(cluster, NAMES).statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static List<String> problems(BrokerCluster cluster) {
        return SpecChecker.check(cluster, List.of()).stream()
                .filter(p -> "InvalidExternalAccess".equals(p.reason())).map(SpecProblem::message).toList();
    }

    @Test
    void offByDefaultLeavesEveryRenderedObjectAsBefore() {
        BrokerCluster cluster = cluster();
        assertThat(ExternalAccessModel.enabled(cluster)).isFalse();
        for (BrokerRole role : BrokerRole.values()) {
            assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 0, role, 0)).doesNotContainKey("externalAddressFile");
        }
        assertThat(ConfigRenderer.nameServerConfig(cluster)).doesNotContain("external");
        assertThat(nameServerContainer(cluster).getPorts()).noneMatch(p -> "external".equals(p.getName()));
        assertThat(brokerContainer(cluster).getVolumeMounts()).noneMatch(m -> m.getName().equals("external-addresses"));
    }

    @Test
    void enabledRendersTheAddressFileTheListenerAndTheMount() {
        BrokerCluster cluster = cluster();
        enable(cluster);
        for (BrokerRole role : BrokerRole.values()) {
            assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 1, role, 0))
                    .containsEntry("externalAddressFile", "/etc/cometmq/external/addresses.json");
        }
        assertThat(ConfigRenderer.nameServerConfig(cluster)).contains("externalListenPort=9877\n");
        assertThat(nameServerContainer(cluster).getPorts()).filteredOn(p -> "external".equals(p.getName()))
                .singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9877));
        assertThat(brokerContainer(cluster).getVolumeMounts()).filteredOn(m -> m.getName().equals("external-addresses"))
                .singleElement().satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/cometmq/external");
                    assertThat(m.getReadOnly()).isTrue();
                });
        StatefulSet set = new BrokerGroupModel(cluster, NAMES, 1).statefulSet(BrokerRole.MASTER);
        assertThat(set.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("external-addresses"))
                .singleElement().satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("ext-external-addresses"));
        assertThat(ClusterNetworkPolicy.build(cluster, NAMES).getSpec().getIngress().get(0).getPorts())
                .anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9877));
    }

    @Test
    void oneServicePerBrokerPodSelectingThatPodOnTheRemotingPort() {
        BrokerCluster cluster = cluster();
        ExternalAccessSpec external = enable(cluster);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("z.example/b", "2");
        annotations.put("a.example/a", "1");
        external.setAnnotations(annotations);
        external.setLoadBalancerSourceRanges(List.of("203.0.113.0/24"));
        external.setExternalTrafficPolicy(ExternalAccessSpec.TrafficPolicy.Local);

        List<ExternalAccessModel.BrokerPod> pods = ExternalAccessModel.brokerPods(cluster, NAMES, List.of(0, 1));
        assertThat(pods).extracting(ExternalAccessModel.BrokerPod::pod).containsExactly("ext-broker-0-master-0",
                "ext-broker-0-slave-0", "ext-broker-1-master-0", "ext-broker-1-slave-0");
        Service service = ExternalAccessModel.brokerService(cluster, NAMES, pods.get(3));
        assertThat(service.getMetadata().getName()).isEqualTo("ext-broker-1-slave-0-external");
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("BrokerCluster"));
        assertThat(service.getMetadata().getLabels()).containsEntry("cometmq.io/external-access", "true")
                .containsEntry("app.kubernetes.io/managed-by", "cometmq-operator");
        assertThat(service.getMetadata().getAnnotations().keySet()).containsExactly("a.example/a", "z.example/b");
        assertThat(service.getSpec().getSelector())
                .containsExactly(Map.entry("statefulset.kubernetes.io/pod-name", "ext-broker-1-slave-0"));
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.getSpec().getLoadBalancerSourceRanges()).containsExactly("203.0.113.0/24");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(10911);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(10911);
            assertThat(p.getNodePort()).isNull();
        });
        // the longest cluster name still gives a Service name that is a DNS label
        Names longest = new Names("c".repeat(Names.MAX_CLUSTER_NAME), "ns", "cluster.local");
        assertThat(longest.brokerExternalService(longest.brokerPod(63, BrokerRole.MASTER, 0))).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void nameServerServiceTargetsTheExternalListenerByName() {
        BrokerCluster cluster = cluster();
        enable(cluster).setType(ExternalServiceType.NodePort);
        Service service = ExternalAccessModel.nameServerService(cluster, NAMES);
        assertThat(service.getMetadata().getName()).isEqualTo("ext-nameserver-external");
        assertThat(service.getSpec().getType()).isEqualTo("NodePort");
        assertThat(service.getSpec().getLoadBalancerSourceRanges()).isNullOrEmpty();
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "nameserver")
                .containsEntry("app.kubernetes.io/instance", "ext");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(9877);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("external");
        });
    }

    @Test
    void addressFileIsSortedJsonOfPodAddresses() throws Exception {
        BrokerCluster cluster = cluster();
        enable(cluster);
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("ext-broker-1-master-0", "198.51.100.2:31002");
        addresses.put("ext-broker-0-master-0", "198.51.100.1:31001");
        var configMap = ExternalAccessModel.addressesConfigMap(cluster, NAMES, addresses);
        assertThat(configMap.getMetadata().getName()).isEqualTo("ext-external-addresses");
        String json = configMap.getData().get("addresses.json");
        assertThat(json.indexOf("ext-broker-0")).isLessThan(json.indexOf("ext-broker-1"));
        assertThat(new ObjectMapper().readValue(json, Map.class)).isEqualTo(addresses);
        assertThat(ExternalAccessModel.addressesJson(Map.of()).trim()).isEqualTo("{ }");
    }

    @Test
    void addressesComeFromTheIngressOrTheNodeAndItsNodePort() {
        Service lb = new ServiceBuilder().withNewSpec().addNewPort().withPort(10911).withNodePort(31001).endPort()
                .endSpec().build();
        assertThat(ExternalAddresses.loadBalancer(lb)).isEmpty();
        lb.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withHostname("lb-1.example.com").endIngress().endLoadBalancer().build());
        assertThat(ExternalAddresses.loadBalancer(lb)).contains("lb-1.example.com:10911");
        lb.getStatus().getLoadBalancer().getIngress().get(0).setIp("203.0.113.7");
        assertThat(ExternalAddresses.loadBalancer(lb)).contains("203.0.113.7:10911");
        assertThat(ExternalAddresses.nodePort(lb)).contains(31001);

        Node internalOnly = node("InternalIP", "10.0.0.5");
        assertThat(ExternalAddresses.nodeAddress(internalOnly, NodeAddressType.ExternalIP)).contains("10.0.0.5");
        Node both = node("InternalIP", "10.0.0.5", "ExternalIP", "198.51.100.5");
        assertThat(ExternalAddresses.nodeAddress(both, NodeAddressType.ExternalIP)).contains("198.51.100.5");
        assertThat(ExternalAddresses.nodeAddress(both, NodeAddressType.InternalIP)).contains("10.0.0.5");
        assertThat(ExternalAddresses.nodeAddress(node("Hostname", "n1"), NodeAddressType.InternalIP)).isEmpty();
        assertThat(ExternalAddresses.hostPort("2001:db8::1", 31001)).isEqualTo("[2001:db8::1]:31001");
    }

    private static Node node(String... typeAndAddress) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName("n").endMetadata();
        var status = node.withNewStatus();
        for (int i = 0; i < typeAndAddress.length; i += 2) {
            status.addNewAddress().withType(typeAndAddress[i]).withAddress(typeAndAddress[i + 1]).endAddress();
        }
        return status.endStatus().build();
    }

    @Test
    void invalidSettingsAreReportedNamingTheField() {
        BrokerCluster cluster = cluster();
        ExternalAccessSpec external = enable(cluster);
        assertThat(problems(cluster)).isEmpty();
        external.setAnnotations(Map.of("bad key!", "x"));
        external.setLoadBalancerSourceRanges(List.of("10.0.0.0/8", "2001:db8::/32", "10.0.0.0/33"));
        assertThat(problems(cluster)).containsExactly(
                "spec.externalAccess.annotations: 'bad key!' is not an annotation key (an optional DNS prefix and '/',"
                        + " then at most 63 letters, digits, '-', '_' or '.').",
                "spec.externalAccess.loadBalancerSourceRanges: '10.0.0.0/33' is not a CIDR such as 203.0.113.0/24 or"
                        + " 2001:db8::/32.");
        external.setAnnotations(Map.of());
        external.setLoadBalancerSourceRanges(List.of("corp.example.com/24"));
        external.setType(ExternalServiceType.NodePort);
        assertThat(problems(cluster)).containsExactly(
                "spec.externalAccess.loadBalancerSourceRanges only applies to type LoadBalancer (type is NodePort).",
                "spec.externalAccess.loadBalancerSourceRanges: 'corp.example.com/24' is not a CIDR such as"
                        + " 203.0.113.0/24 or 2001:db8::/32.");
        external.setLoadBalancerSourceRanges(List.of());
        io.cometmq.operator.crd.MonitoringSpec monitoring = new io.cometmq.operator.crd.MonitoringSpec();
        monitoring.setPort(9877);
        cluster.getSpec().setMonitoring(monitoring);
        assertThat(problems(cluster)).singleElement().asString().startsWith("spec.monitoring.port 9877");
        external.setEnabled(false);
        assertThat(problems(cluster)).isEmpty();
    }
}
