package io.cometmq.operator.it;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcServiceSpec;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.status.Conditions;
import io.cometmq.operator.status.RegistrationSource;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * spec.grpc against the mock API server: the Service {@code <c>-grpc} and status.grpcEndpoint appear with the cluster,
 * follow the port and Service type, go when turned off (the brokers then render grpcServerPort=-1) and come back; a
 * port taken by the remoting port stops everything with InvalidGrpc. One operator for the class: each test has its
 * own cluster.
 */
class GrpcIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static OperatorHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new OperatorHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String endpoint(String cluster) {
        BrokerCluster bc = harness.get(cluster);
        return bc == null || bc.getStatus() == null ? null : bc.getStatus().getGrpcEndpoint();
    }

    private static String brokerConf(String cluster, String file) {
        return harness.client.configMaps().inNamespace(NS).withName(cluster + "-broker-0-config").get().getData().get(file);
    }

    @Test
    void theServiceAndEndpointFollowTheSpecAndGoWhenTurnedOff() {
        harness.create(BrokerClusters.withSlaves("rpc", 1, 1));
        await().atMost(WAIT).until(() -> "rpc-grpc.cometmq-test.svc:8081".equals(endpoint("rpc")));
        Service service = harness.service("rpc-grpc");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/instance", "rpc")
                .containsEntry("app.kubernetes.io/component", "broker").doesNotContainKey("cometmq.io/group");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("grpc");
            assertThat(p.getPort()).isEqualTo(8081);
        });
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(harness.get("rpc").getMetadata().getUid()));
        assertThat(brokerConf("rpc", "master.conf")).contains("grpcServerPort=8081\n");
        assertThat(brokerConf("rpc", "slave.conf")).contains("grpcServerPort=8081\n");

        harness.markAllReady();
        harness.registered.add(RegistrationSource.key("rpc-broker-0", 0));
        harness.registered.add(RegistrationSource.key("rpc-broker-0", 1));
        harness.awaitCondition("rpc", Conditions.READY, "True/" + Conditions.CLUSTER_READY);

        // a deleted Service is put back at once (the informer sees the delete)
        harness.client.services().inNamespace(NS).withName("rpc-grpc").delete();
        await().atMost(WAIT).until(() -> harness.service("rpc-grpc") != null);

        harness.edit("rpc", bc -> {
            bc.getSpec().setGrpc(new GrpcSpec());
            bc.getSpec().getGrpc().setPort(9443);
            bc.getSpec().getGrpc().getService().setType(GrpcServiceSpec.ServiceType.LoadBalancer);
            bc.getSpec().getGrpc().getService().getAnnotations().put("example.com/lb", "internal");
        });
        await().atMost(WAIT).until(() -> "rpc-grpc.cometmq-test.svc:9443".equals(endpoint("rpc")));
        await().atMost(WAIT).untilAsserted(() -> {
            Service changed = harness.service("rpc-grpc");
            assertThat(changed.getSpec().getType()).isEqualTo("LoadBalancer");
            assertThat(changed.getSpec().getPorts().get(0).getPort()).isEqualTo(9443);
            assertThat(changed.getMetadata().getAnnotations()).containsEntry("example.com/lb", "internal");
            assertThat(brokerConf("rpc", "master.conf")).contains("grpcServerPort=9443\n");
        });

        harness.edit("rpc", bc -> bc.getSpec().getGrpc().setEnabled(false));
        await().atMost(WAIT).until(() -> harness.service("rpc-grpc") == null);
        await().atMost(WAIT).until(() -> "".equals(endpoint("rpc")));
        assertThat(brokerConf("rpc", "master.conf")).contains("grpcServerPort=-1\n");
        // the slave StatefulSet rolls first (the master's waits for it to settle)
        await().atMost(WAIT).untilAsserted(() -> assertThat(harness.statefulSet("rpc-broker-0-slave").getSpec()
                .getTemplate().getSpec().getContainers().get(0).getPorts()).noneMatch(p -> "grpc".equals(p.getName())));

        harness.edit("rpc", bc -> bc.getSpec().getGrpc().setEnabled(true));
        await().atMost(WAIT).until(() -> harness.service("rpc-grpc") != null
                && "rpc-grpc.cometmq-test.svc:9443".equals(endpoint("rpc")));
    }

    @Test
    void aGrpcPortOnTheRemotingPortIsRefusedNamingTheFieldAndNothingIsCreated() {
        BrokerCluster cluster = BrokerClusters.minimal("clash");
        cluster.getSpec().setGrpc(new GrpcSpec());
        cluster.getSpec().getGrpc().setPort(10911);
        harness.create(cluster);
        harness.awaitCondition("clash", Conditions.DEGRADED, "True/InvalidGrpc");
        assertThat(Conditions.find(harness.get("clash").getStatus().getConditions(), Conditions.DEGRADED).orElseThrow()
                .getMessage()).contains("spec.grpc.port 10911 is the broker's remoting port");
        assertThat(harness.service("clash-grpc")).isNull();
        assertThat(endpoint("clash")).isNull();
        assertThat(harness.statefulSets()).noneMatch(s -> s.getMetadata().getName().startsWith("clash-"));
        assertThat(harness.events("InvalidGrpc")).isNotEmpty();
    }
}
