package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcServiceSpec;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.security.TlsHostNames;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** spec.grpc in the desired objects: grpcServerPort, the container port, the Service, NetworkPolicy and TLS names. */
class GrpcModelTest {
    private static final Names NAMES = new Names("rpc", "ns", "cluster.local");

    private static BrokerCluster cluster() {
        BrokerCluster cluster = BrokerClusters.withSlaves("rpc", 2, 1);
        cluster.getMetadata().setNamespace("ns");
        return cluster;
    }

    private static GrpcSpec grpc(BrokerCluster cluster) {
        if (cluster.getSpec().getGrpc() == null) {
            cluster.getSpec().setGrpc(new GrpcSpec());
        }
        return cluster.getSpec().getGrpc();
    }

    private static List<ContainerPort> grpcPorts(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .filter(p -> "grpc".equals(p.getName())).toList();
    }

    private static List<StatefulSet> brokerSets(BrokerCluster cluster) {
        BrokerGroupModel group = new BrokerGroupModel(cluster, NAMES, 0);
        return List.of(group.statefulSet(BrokerRole.MASTER), group.statefulSet(BrokerRole.SLAVE));
    }

    @Test
    void brokersServeGrpcOn8081ByDefaultAndEveryBrokerFileSaysSo() {
        BrokerCluster cluster = cluster();
        for (BrokerRole role : BrokerRole.values()) {
            assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 1, role, 0)).as(role.name())
                    .containsEntry("grpcServerPort", "8081");
        }
        assertThat(brokerSets(cluster)).allSatisfy(set -> assertThat(grpcPorts(set)).singleElement().satisfies(p -> {
            assertThat(p.getContainerPort()).isEqualTo(8081);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        }));
        assertThat(ConfigRenderer.nameServerConfig(cluster)).doesNotContain("grpc");
        assertThat(grpcPorts(new NameServerModel(cluster, NAMES).statefulSet())).isEmpty();
    }

    @Test
    void anotherPortReachesConfigContainerAndServiceAndRollsThePods() {
        BrokerCluster cluster = cluster();
        String before = ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.MASTER);
        grpc(cluster).setPort(9443);
        assertThat(ConfigRenderer.brokerConfig(cluster, NAMES, 0, BrokerRole.MASTER)).contains("grpcServerPort=9443\n")
                .isNotEqualTo(before);
        assertThat(brokerSets(cluster)).allSatisfy(set -> assertThat(grpcPorts(set))
                .extracting(ContainerPort::getContainerPort).containsExactly(9443));
        assertThat(ClusterGrpcService.build(cluster, NAMES).getSpec().getPorts()).extracting(ServicePort::getPort)
                .containsExactly(9443);
        assertThat(NAMES.grpcEndpoint(9443)).isEqualTo("rpc-grpc.ns.svc:9443");
    }

    @Test
    void turnedOffTheBrokersGetMinusOneAndNoPort() {
        BrokerCluster cluster = cluster();
        grpc(cluster).setEnabled(false);
        assertThat(ConfigRenderer.brokerKeys(cluster, NAMES, 0, BrokerRole.SLAVE, 0))
                .containsEntry("grpcServerPort", "-1");
        assertThat(brokerSets(cluster)).allSatisfy(set -> assertThat(grpcPorts(set)).isEmpty());
        assertThat(ClusterGrpcService.containerPort(cluster)).isEmpty();
    }

    @Test
    void serviceSelectsEveryBrokerPodOfTheClusterAndNothingElse() {
        BrokerCluster cluster = cluster();
        Service service = ClusterGrpcService.build(cluster, NAMES);

        assertThat(service.getMetadata().getName()).isEqualTo("rpc-grpc");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(service.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
                .containsEntry(Labels.INSTANCE, "rpc");
        assertThat(service.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("BrokerCluster");
            assertThat(o.getController()).isTrue();
        });
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getClusterIP()).as("not headless: one virtual IP for the SDKs").isNull();
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("grpc");
            assertThat(port.getPort()).isEqualTo(8081);
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getTargetPort().getStrVal()).as("by name: right during a port change").isEqualTo("grpc");
            assertThat(port.getAppProtocol()).isNull();
        });

        Map<String, String> selector = service.getSpec().getSelector();
        List<StatefulSet> brokers = Stream.of(0, 1).flatMap(g -> Stream.of(BrokerRole.values())
                .map(role -> new BrokerGroupModel(cluster, NAMES, g).statefulSet(role))).toList();
        assertThat(brokers).hasSize(4).allSatisfy(set -> assertThat(set.getSpec().getTemplate().getMetadata()
                .getLabels()).containsAllEntriesOf(selector));
        assertThat(new NameServerModel(cluster, NAMES).statefulSet().getSpec().getTemplate().getMetadata().getLabels())
                .as("NameServers do not serve gRPC").doesNotContainEntry(Labels.COMPONENT, selector.get(Labels.COMPONENT));
        assertThat(Labels.brokersSelector("rpc-2")).doesNotContainEntry(Labels.INSTANCE, "rpc");
    }

    @Test
    void serviceTypeAndAnnotationsComeFromTheSpecInAStableOrder() {
        BrokerCluster cluster = cluster();
        GrpcServiceSpec service = grpc(cluster).getService();
        service.setType(GrpcServiceSpec.ServiceType.LoadBalancer);
        service.getAnnotations().put("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
        service.getAnnotations().put("a.example/first", "1");
        Service built = ClusterGrpcService.build(cluster, NAMES);
        assertThat(built.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(built.getMetadata().getAnnotations()).containsExactly(Map.entry("a.example/first", "1"),
                Map.entry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb"));
        assertThat(DesiredHash.of(built)).isEqualTo(DesiredHash.of(ClusterGrpcService.build(cluster, NAMES)));

        service.setType(GrpcServiceSpec.ServiceType.NodePort);
        assertThat(ClusterGrpcService.build(cluster, NAMES).getSpec().getType()).isEqualTo("NodePort");
    }

    @Test
    void networkPolicyAdmitsTheGrpcPortFromTheRemotingPortsPeersWhileItIsOn() {
        BrokerCluster cluster = cluster();
        SecuritySpec security = new SecuritySpec();
        security.setNetworkPolicy(true);
        cluster.getSpec().setSecurity(security);
        grpc(cluster).setPort(9443);
        var open = ClusterNetworkPolicy.build(cluster, NAMES).getSpec().getIngress().get(0);
        assertThat(open.getFrom()).as("from anywhere, like remoting").isNullOrEmpty();
        assertThat(open.getPorts()).extracting(NetworkPolicyPort::getPort).extracting(p -> p.getIntVal())
                .contains(10911, 9443);

        grpc(cluster).setEnabled(false);
        assertThat(ClusterNetworkPolicy.build(cluster, NAMES).getSpec().getIngress()).allSatisfy(rule -> assertThat(
                rule.getPorts()).extracting(NetworkPolicyPort::getPort).extracting(p -> p.getIntVal())
                .doesNotContain(9443));
    }

    @Test
    void theServingCertificateNamesTheGrpcServiceWhileItIsOn() {
        BrokerCluster cluster = cluster();
        assertThat(TlsHostNames.of(cluster, NAMES)).contains("rpc-grpc", "rpc-grpc.ns", "rpc-grpc.ns.svc",
                "rpc-grpc.ns.svc.cluster.local").doesNotContain("*.rpc-grpc.ns.svc");
        grpc(cluster).setEnabled(false);
        assertThat(TlsHostNames.of(cluster, NAMES)).noneMatch(name -> name.contains("rpc-grpc"));
    }
}
