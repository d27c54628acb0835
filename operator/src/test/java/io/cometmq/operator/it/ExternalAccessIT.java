package io.cometmq.operator.it;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.ExternalAccessSpec;
import io.cometmq.operator.crd.ExternalAccessStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * spec.externalAccess against the mock API server, which allocates no node ports, schedules no pods and runs no cloud
 * controller: the test plays them (node ports on the Services, pods with a node name, Nodes, load balancer ingress in
 * Service status). The Services, the address ConfigMap and status.externalAccess follow; an address change touches
 * the ConfigMap only (no roll); scale-up adds Services; turning it off removes everything.
 */
class ExternalAccessIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OperatorHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new OperatorHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static ExternalAccessStatus external(String cluster) {
        BrokerCluster bc = harness.get(cluster);
        return bc == null || bc.getStatus() == null ? null : bc.getStatus().getExternalAccess();
    }

    private static Map<?, ?> addressFile(String cluster) throws Exception {
        ConfigMap map = harness.client.configMaps().inNamespace(NS).withName(cluster + "-external-addresses").get();
        return map == null ? null : JSON.readValue(map.getData().get("addresses.json"), Map.class);
    }

    private static String conf(String configMap, String file) {
        return harness.client.configMaps().inNamespace(NS).withName(configMap).get().getData().get(file);
    }

    /** What kube-apiserver does for a NodePort or LoadBalancer Service: allocate the node port. */
    private static void allocateNodePort(String name, int nodePort) {
        harness.client.services().inNamespace(NS).withName(name)
                .edit(s -> { s.getSpec().getPorts().get(0).setNodePort(nodePort); return s; });
    }

    /** What a cloud controller does: publish the load balancer's address. */
    private static void publishIngress(String name, String ip) {
        Service live = harness.service(name);
        live.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress()
                .endLoadBalancer().build());
        harness.client.resource(live).updateStatus();
    }

    private static void node(String name, String... typeAndAddress) {
        var status = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus();
        for (int i = 0; i < typeAndAddress.length; i += 2) {
            status.addNewAddress().withType(typeAndAddress[i]).withAddress(typeAndAddress[i + 1]).endAddress();
        }
        harness.client.nodes().resource(status.endStatus().build()).create();
    }

    /** What the scheduler and kubelet do: a ready pod of the cluster on {@code node}. */
    private static void pod(String cluster, String name, String component, String node) {
        harness.client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels(Map.of("app.kubernetes.io/name", "cometmq",
                        "app.kubernetes.io/managed-by", "cometmq-operator",
                        "app.kubernetes.io/instance", cluster, "app.kubernetes.io/component", component,
                        "statefulset.kubernetes.io/pod-name", name)).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName(component).withImage("x").endContainer()
                    .endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus()
                .build()).create();
    }

    private static void awaitReady(String cluster) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(external(cluster).getState())
                .as(() -> "status.externalAccess.message: " + external(cluster).getMessage())
                .isEqualTo(ExternalAccessStatus.READY));
    }

    @Test
    void addressesAreDiscoveredPublishedAndFollowTheSpec() throws Exception {
        BrokerCluster cluster = BrokerClusters.withSlaves("ext", 1, 1);
        ExternalAccessSpec spec = new ExternalAccessSpec();
        spec.setEnabled(true);
        spec.setType(ExternalAccessSpec.ExternalServiceType.NodePort);
        cluster.getSpec().setExternalAccess(spec);
        harness.create(cluster);

        List<String> services = List.of("ext-nameserver-external", "ext-broker-0-master-0-external",
                "ext-broker-0-slave-0-external");
        await().atMost(WAIT).until(() -> services.stream().allMatch(name -> harness.service(name) != null));
        await().atMost(WAIT).until(() -> external("ext") != null
                && ExternalAccessStatus.PENDING.equals(external("ext").getState()));
        assertThat(addressFile("ext")).isEmpty();
        assertThat(external("ext").getMessage()).startsWith("Waiting for a node port and the address of the pod's node of"
                + " ext-nameserver-external");
        assertThat(conf("ext-broker-0-config", "master.conf"))
                .contains("externalAddressFile=/etc/cometmq/external/addresses.json\n");
        assertThat(conf("ext-nameserver-config", "namesrv.conf")).contains("externalListenPort=9877\n");
        assertThat(harness.service("ext-broker-0-slave-0-external").getSpec().getSelector())
                .containsEntry("statefulset.kubernetes.io/pod-name", "ext-broker-0-slave-0");

        node("node-a", "InternalIP", "10.0.0.1", "ExternalIP", "198.51.100.1");
        node("node-b", "InternalIP", "10.0.0.2");
        pod("ext", "ext-nameserver-0", "nameserver", "node-a");
        pod("ext", "ext-broker-0-master-0", "broker", "node-a");
        pod("ext", "ext-broker-0-slave-0", "broker", "node-b");
        allocateNodePort("ext-nameserver-external", 30877);
        allocateNodePort("ext-broker-0-master-0-external", 31001);
        allocateNodePort("ext-broker-0-slave-0-external", 31002);
        awaitReady("ext");
        ExternalAccessStatus ready = external("ext");
        assertThat(ready.getNameServerAddress()).isEqualTo("198.51.100.1:30877");
        assertThat(ready.getBrokers()).extracting(ExternalAccessStatus.BrokerAddress::getAddress)
                .containsExactly("198.51.100.1:31001", "10.0.0.2:31002");
        assertThat(addressFile("ext")).isEqualTo(Map.of("ext-broker-0-master-0", "198.51.100.1:31001",
                "ext-broker-0-slave-0", "10.0.0.2:31002"));
        await().atMost(WAIT).until(() -> !harness.events("ExternalAddressChanged").isEmpty());

        // the slave moves to another node: the file follows, no pod template changes (the brokers re-read the file)
        var templates = List.of(harness.statefulSet("ext-broker-0-master").getSpec().getTemplate(),
                harness.statefulSet("ext-broker-0-slave").getSpec().getTemplate());
        harness.client.pods().inNamespace(NS).withName("ext-broker-0-slave-0").delete();
        await().atMost(WAIT).until(() -> harness.client.pods().inNamespace(NS).withName("ext-broker-0-slave-0").get() == null);
        pod("ext", "ext-broker-0-slave-0", "broker", "node-a");
        await().atMost(WAIT).until(() -> "198.51.100.1:31002".equals(addressFile("ext").get("ext-broker-0-slave-0")));
        assertThat(List.of(harness.statefulSet("ext-broker-0-master").getSpec().getTemplate(),
                harness.statefulSet("ext-broker-0-slave").getSpec().getTemplate())).isEqualTo(templates);

        // LoadBalancer: the ingress addresses with the Service ports; node ports are kept on the update
        harness.edit("ext", bc -> {
            bc.getSpec().getExternalAccess().setType(ExternalAccessSpec.ExternalServiceType.LoadBalancer);
            bc.getSpec().getExternalAccess().setLoadBalancerSourceRanges(List.of("203.0.113.0/24"));
        });
        await().atMost(WAIT).until(() -> "LoadBalancer".equals(harness.service("ext-broker-0-master-0-external").getSpec().getType())
                && ExternalAccessStatus.PENDING.equals(external("ext").getState()));
        assertThat(harness.service("ext-broker-0-master-0-external").getSpec().getPorts().get(0).getNodePort()).isEqualTo(31001);
        assertThat(harness.service("ext-broker-0-master-0-external").getSpec().getLoadBalancerSourceRanges())
                .containsExactly("203.0.113.0/24");
        publishIngress("ext-nameserver-external", "203.0.113.10");
        publishIngress("ext-broker-0-master-0-external", "203.0.113.11");
        publishIngress("ext-broker-0-slave-0-external", "203.0.113.12");
        awaitReady("ext");
        assertThat(external("ext").getNameServerAddress()).isEqualTo("203.0.113.10:9877");
        assertThat(addressFile("ext")).isEqualTo(Map.of("ext-broker-0-master-0", "203.0.113.11:10911",
                "ext-broker-0-slave-0", "203.0.113.12:10911"));

        // scale-up: the new group's pod gets its Service (and waits for its load balancer)
        harness.edit("ext", bc -> bc.getSpec().getBroker().setGroups(2));
        await().atMost(WAIT).until(() -> harness.service("ext-broker-1-master-0-external") != null
                && ExternalAccessStatus.PENDING.equals(external("ext").getState()));
        assertThat(external("ext").getMessage()).contains("ext-broker-1-master-0-external");

        // off: Services and ConfigMap go, status says Disabled, brokers no longer name the file
        harness.edit("ext", bc -> bc.getSpec().getExternalAccess().setEnabled(false));
        await().atMost(WAIT).until(() -> harness.client.services().inNamespace(NS).list().getItems().stream()
                .noneMatch(s -> s.getMetadata().getName().endsWith("-external")) && addressFile("ext") == null);
        await().atMost(WAIT).until(() -> ExternalAccessStatus.DISABLED.equals(external("ext").getState()));
        assertThat(external("ext").getBrokers()).isEmpty();
        assertThat(external("ext").getNameServerAddress()).isEmpty();
        assertThat(conf("ext-broker-0-config", "master.conf")).doesNotContain("externalAddressFile");
    }

    @Test
    void nodesTheOperatorMayNotReadLeaveItPendingSayingSo() {
        // what kube-apiserver answers without the chart's rbac.readNodes
        harness.server.expect().get().withPath("/api/v1/nodes/locked-node").andReturn(403, new io.fabric8.kubernetes.api
                .model.StatusBuilder().withCode(403).withReason("Forbidden").withMessage("nodes \"locked-node\" is"
                        + " forbidden").build()).always();
        BrokerCluster cluster = BrokerClusters.minimal("locked");
        ExternalAccessSpec spec = new ExternalAccessSpec();
        spec.setEnabled(true);
        spec.setType(ExternalAccessSpec.ExternalServiceType.NodePort);
        cluster.getSpec().setExternalAccess(spec);
        harness.create(cluster);
        await().atMost(WAIT).until(() -> harness.service("locked-broker-0-master-0-external") != null);
        pod("locked", "locked-broker-0-master-0", "broker", "locked-node");
        allocateNodePort("locked-broker-0-master-0-external", 31111);
        await().atMost(WAIT).untilAsserted(() -> assertThat(external("locked").getMessage())
                .contains("locked-broker-0-master-0-external")
                .endsWith("the operator may not read nodes (it needs get on nodes, a cluster-wide permission: chart"
                        + " value rbac.readNodes)."));
        assertThat(external("locked").getState()).isEqualTo(ExternalAccessStatus.PENDING);
        assertThat(external("locked").getBrokers()).isEmpty();
    }

    @Test
    void invalidSettingsAreRefusedNamingTheField() {
        BrokerCluster cluster = BrokerClusters.minimal("badext");
        ExternalAccessSpec spec = new ExternalAccessSpec();
        spec.setEnabled(true);
        spec.setLoadBalancerSourceRanges(List.of("everywhere"));
        cluster.getSpec().setExternalAccess(spec);
        harness.create(cluster);
        harness.awaitCondition("badext", "Degraded", "True/InvalidExternalAccess");
        assertThat(harness.conditionReason("badext", "Degraded")).isNotNull();
        assertThat(io.cometmq.operator.status.Conditions.find(harness.get("badext").getStatus().getConditions(),
                "Degraded").orElseThrow().getMessage()).contains("spec.externalAccess.loadBalancerSourceRanges: 'everywhere'");
        assertThat(harness.service("badext-nameserver-external")).isNull();
        assertThat(harness.statefulSets()).noneMatch(s -> s.getMetadata().getName().startsWith("badext-"));
    }
}
