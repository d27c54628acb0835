package io.cometmq.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcServiceSpec;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.ClusterGrpcService;
import io.cometmq.operator.model.DesiredHash;
import io.cometmq.operator.model.Names;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ResourceApplier's PUT of a Service keeps what the API server and other controllers gave the live one. */
class ServiceAllocatedFieldsTest {
    private static final Names NAMES = new Names("rpc", BrokerClusters.NAMESPACE, "cluster.local");

    private static BrokerCluster loadBalanced() {
        BrokerCluster cluster = BrokerClusters.minimal("rpc");
        cluster.getSpec().setGrpc(new GrpcSpec());
        cluster.getSpec().getGrpc().getService().setType(GrpcServiceSpec.ServiceType.LoadBalancer);
        return cluster;
    }

    /** The Service as an API server and a cloud controller left it. */
    private static Service live(BrokerCluster cluster) {
        return new ServiceBuilder(ClusterGrpcService.build(cluster, NAMES))
                .editMetadata().withFinalizers("service.kubernetes.io/load-balancer-cleanup").endMetadata()
                .editSpec().withClusterIP("10.0.0.7").withClusterIPs("10.0.0.7")
                    .editFirstPort().withNodePort(31081).endPort().endSpec()
                .build();
    }

    @Test
    void clusterIpNodePortAndFinalizersSurviveAnUpdateWithoutChangingTheDesiredHash() {
        BrokerCluster cluster = loadBalanced();
        Service live = live(cluster);
        cluster.getSpec().getGrpc().getService().getAnnotations().put("example.com/changed", "yes");
        Service desired = ClusterGrpcService.build(cluster, NAMES);
        String hash = DesiredHash.of(desired);

        ResourceApplier.keepAllocatedFields(desired, live);

        assertThat(desired.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
        assertThat(desired.getSpec().getClusterIPs()).containsExactly("10.0.0.7");
        assertThat(desired.getSpec().getPorts().get(0).getNodePort()).isEqualTo(31081);
        assertThat(desired.getMetadata().getFinalizers()).containsExactly("service.kubernetes.io/load-balancer-cleanup");
        assertThat(ClusterGrpcService.build(cluster, NAMES)).as("the desired object itself is pure")
                .satisfies(s -> assertThat(DesiredHash.of(s)).isEqualTo(hash));
    }

    @Test
    void aClusterIpServiceGivesUpItsNodePortsAndAHeadlessServiceStaysHeadless() {
        BrokerCluster cluster = loadBalanced();
        Service live = live(cluster);
        cluster.getSpec().getGrpc().getService().setType(GrpcServiceSpec.ServiceType.ClusterIP);
        Service desired = ClusterGrpcService.build(cluster, NAMES);
        ResourceApplier.keepAllocatedFields(desired, live);
        assertThat(desired.getSpec().getPorts().get(0).getNodePort()).as("refused on ClusterIP").isNull();
        assertThat(desired.getSpec().getClusterIP()).isEqualTo("10.0.0.7");

        Service headless = new BrokerGroupModel(cluster, NAMES, 0).service(BrokerRole.MASTER);
        Service liveHeadless = new ServiceBuilder(headless).editSpec().withClusterIPs(List.of("None")).endSpec().build();
        Service again = new BrokerGroupModel(cluster, NAMES, 0).service(BrokerRole.MASTER);
        ResourceApplier.keepAllocatedFields(again, liveHeadless);
        assertThat(again.getSpec().getClusterIP()).isEqualTo("None");
    }
}
