package io.cometmq.operator.probe;

import io.cometmq.operator.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.failover.FailoverGroup;
import io.cometmq.operator.failover.GroupCommands;
import io.cometmq.operator.failover.GroupControl;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.ConfigRenderer;
import io.cometmq.operator.model.Names;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes side of failover against the fabric8 mock server in CRUD mode: pod readiness from the API, the role
 * ConfigMap written before the commands, events on the BrokerCluster, and the switchover annotation removed when
 * done. Broker and NameServer answers come from in-memory fakes of the operator's own ports (the protocol side is
 * covered by the multi-process test).
 */
@EnableKubernetesMockClient(crud = true)
class FailoverProbeIT {
    static final String NS = BrokerClusters.NAMESPACE;
    static final Names NAMES = new Names("c", NS, Names.DEFAULT_CLUSTER_DOMAIN);
    static final String MASTER = "c-broker-0-master-0";
    static final String SLAVE = "c-broker-0-slave-0";

    KubernetesClient client;
    final List<String> commands = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, String>> runtime = new ConcurrentHashMap<>();
    final Map<String, String> slots = new ConcurrentHashMap<>();
    final TestClock clock = TestClock.fixed(Instant.parse("2026-12-07T09:00:00Z"));
    BrokerCluster cluster;
    FailoverProbe probe;

    @BeforeEach
    void setUp() {
        cluster = client.resources(BrokerCluster.class).inNamespace(NS).resource(BrokerClusters.withSlaves("c", 1, 1))
                .create();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(NAMES.brokerRoleConfigMap(0)).withNamespace(NS).endMetadata()
                .addToData(ConfigRenderer.ROLE_KEY, new RoleAssignment(MASTER, 1, "SYNC_MASTER").render()).build())
                .create();
        pod(MASTER, true);
        pod(SLAVE, true);
        runtime.put(MASTER, Map.of("cometmqBrokerRole", "SYNC_MASTER", "controllerEpoch", "1",
                "commitLogMaxOffset", "5000", "haAckedOffset", "5000"));
        runtime.put(SLAVE, Map.of("cometmqBrokerRole", "SLAVE", "controllerEpoch", "1", "commitLogMaxOffset", "5000",
                "haMasterConnected", "true", "haMasterMaxOffset", "5000"));
        slots.put("c-broker-0", NAMES.brokerAddress(0, io.cometmq.operator.model.BrokerRole.MASTER, 0));
        GroupCommands fake = new GroupCommands() {
            @Override
            public void unregisterMaster(FailoverGroup group, String address) {
                commands.add("unregister " + address + " role=" + role().master());
            }

            @Override
            public void promote(String address, String masterRole, int epoch, long minOffset) {
                commands.add("promote " + address + " epoch " + epoch + " min " + minOffset + " role=" + role().master());
            }

            @Override
            public long demote(String address, int epoch) {
                commands.add("demote " + address + " epoch " + epoch + " role=" + role().master());
                return 5000;
            }
        };
        probe = new FailoverProbe(client, new FailoverPorts(fake, nameServer -> Map.copyOf(slots)), clock);
    }

    void pod(String name, boolean ready) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", "c").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build()).createOr(existing -> existing.update());
    }

    RoleAssignment role() {
        return RoleAssignment.parse(client.configMaps().inNamespace(NS).withName(NAMES.brokerRoleConfigMap(0)).get()
                .getData().get(ConfigRenderer.ROLE_KEY));
    }

    Map<Integer, GroupControl> round() {
        cluster = client.resources(BrokerCluster.class).inNamespace(NS).withName("c").get();
        return probe.run(cluster, NAMES, Map.copyOf(runtime));
    }

    List<String> eventReasons() {
        return client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason).toList();
    }

    @Test
    void aMasterPodThatStaysNotReadyIsReplacedAfterTheRoleConfigMapIsWritten() {
        round();
        round();
        pod(MASTER, false);
        runtime.remove(MASTER);
        GroupControl suspect = round().get(0);
        assertThat(suspect.masterUnavailableSince()).isEqualTo(clock.instant());
        assertThat(suspect.unavailableReason()).isEqualTo("pod is not ready");
        assertThat(commands).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        GroupControl promoted = round().get(0);

        String slaveAddress = NAMES.brokerAddress(0, io.cometmq.operator.model.BrokerRole.SLAVE, 0);
        String masterAddress = NAMES.brokerAddress(0, io.cometmq.operator.model.BrokerRole.MASTER, 0);
        // every command was sent after the ConfigMap already named the new master
        assertThat(commands).containsExactly("unregister " + masterAddress + " role=" + SLAVE,
                "promote " + slaveAddress + " epoch 2 min 5000 role=" + SLAVE);
        assertThat(role()).isEqualTo(new RoleAssignment(SLAVE, 2, "SYNC_MASTER"));
        assertThat(promoted.master()).isEqualTo(SLAVE);
        assertThat(promoted.lastFailover().from()).isEqualTo(MASTER);
        // MasterPromoted is the reconciler's, from status (lastFailover); the probe does not say it twice
        assertThat(eventReasons()).contains("FailoverStarted").doesNotContain("MasterPromoted");
    }

    @Test
    void aSwitchoverAnnotationIsCarriedOutAndRemovedWhenTheTargetIsMaster() {
        round();
        round();
        client.resources(BrokerCluster.class).inNamespace(NS).withName("c")
                .edit(bc -> {
                    bc.getMetadata().getAnnotations().put(Annotations.PROMOTE, SLAVE + ",c-broker-7-slave-0");
                    return bc;
                });
        round();
        assertThat(role()).isEqualTo(new RoleAssignment(SLAVE, 2, "SYNC_MASTER"));
        assertThat(commands).containsExactly("demote " + NAMES.brokerAddress(0,
                io.cometmq.operator.model.BrokerRole.MASTER, 0) + " epoch 2 role=" + SLAVE);
        assertThat(eventReasons()).contains("FailoverStarted", "MasterDemoted", "FailoverBlocked");

        runtime.put(MASTER, Map.of("cometmqBrokerRole", "SLAVE", "controllerEpoch", "2", "commitLogMaxOffset", "5000"));
        slots.clear();
        round();
        assertThat(commands).last().asString().startsWith("promote ").contains("epoch 2 min 5000");

        runtime.put(SLAVE, Map.of("cometmqBrokerRole", "SYNC_MASTER", "controllerEpoch", "2", "commitLogMaxOffset",
                "5000"));
        slots.put("c-broker-0", NAMES.brokerAddress(0, io.cometmq.operator.model.BrokerRole.SLAVE, 0));
        round();
        assertThat(client.resources(BrokerCluster.class).inNamespace(NS).withName("c").get().getMetadata()
                .getAnnotations()).containsEntry(Annotations.PROMOTE, "c-broker-7-slave-0");
    }

    @Test
    void aDeletedMasterPodCountsAsNotReadyUntilItIsBack() {
        client.pods().inNamespace(NS).withName(MASTER).delete();
        GroupControl first = round().get(0);
        assertThat(first.unavailableReason()).isEqualTo("pod is not ready");
        pod(MASTER, true);
        assertThat(round().get(0).masterUnavailableSince()).isNull();
    }
}
