package io.cometmq.operator.it;

import io.cometmq.operator.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.failover.FailoverGroup;
import io.cometmq.operator.failover.GroupCommands;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.ConfigRenderer;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.probe.FailoverPorts;
import io.cometmq.protocol.config.RoleAssignment;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failover inside the real JOSDK runtime on the mock server: the probe threads notice the master pod gone, wait
 * unavailableFor (the clock is moved on, not slept), write the role ConfigMap, send the commands and the events,
 * and carry out and clear a switchover annotation. Broker and NameServer answers are in-memory fakes of the operator's
 * own ports; the requests this sends to the API server are recorded for the chart's RBAC check.
 */
class FailoverIT {
    static final String CLUSTER = "fo";
    static final Names NAMES = new Names(CLUSTER, OperatorHarness.NS, Names.DEFAULT_CLUSTER_DOMAIN);
    static final String MASTER = NAMES.brokerPod(0, BrokerRole.MASTER, 0);
    static final String SLAVE = NAMES.brokerPod(0, BrokerRole.SLAVE, 0);
    static final String MASTER_ADDRESS = NAMES.brokerAddress(0, BrokerRole.MASTER, 0);
    static final String SLAVE_ADDRESS = NAMES.brokerAddress(0, BrokerRole.SLAVE, 0);

    private final TestClock clock = TestClock.real();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Map<String, String> slots = new ConcurrentHashMap<>();
    /** Whether the fake broker reports itself master after PROMOTE (false: it keeps answering as a slave). */
    private volatile boolean repliesAfterPromotion = true;
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        GroupCommands fake = new GroupCommands() {
            @Override
            public void unregisterMaster(FailoverGroup group, String address) {
                commands.add("unregister " + address);
                slots.remove(group.brokerName(), address);
            }

            @Override
            public void promote(String address, String masterRole, int epoch, long minOffset) {
                commands.add("promote " + address + " epoch " + epoch + " min " + minOffset + " role " + role());
                if (repliesAfterPromotion) {
                    master(address, epoch); // as a broker does: it answers as master from now on
                }
            }

            @Override
            public long demote(String address, int epoch) {
                commands.add("demote " + address + " epoch " + epoch + " role " + role());
                slave(address, epoch); // as a broker does: it answers as a slave from now on
                return 8000;
            }
        };
        harness = new OperatorHarness(settings -> settings.withClock(clock)
                .withFailover(new FailoverPorts(fake, nameServer -> Map.copyOf(slots))));
        pod(MASTER, true);
        pod(SLAVE, true);
        master(MASTER_ADDRESS, 1);
        slave(SLAVE_ADDRESS, 1);
        slots.put(NAMES.brokerName(0), MASTER_ADDRESS);
        harness.create(BrokerClusters.withSlaves(CLUSTER, 1, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.statefulSets().size() == 3);
        harness.markAllReady();
        // the reconciler creates the role ConfigMap (master StatefulSet's pod, epoch 1)
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> role().equals(new RoleAssignment(MASTER, 1, "SYNC_MASTER")));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    void pod(String name, boolean ready) {
        harness.client.pods().inNamespace(OperatorHarness.NS).resource(new PodBuilder().withNewMetadata()
                .withName(name).addToLabels("app.kubernetes.io/instance", CLUSTER)
                .addToLabels("app.kubernetes.io/managed-by", "cometmq-operator").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build()).createOr(existing -> existing.update());
    }

    void master(String address, int epoch) {
        harness.brokerRuntime.put(address, Map.of("cometmqBrokerRole", "SYNC_MASTER", "controllerEpoch",
                String.valueOf(epoch), "commitLogMaxOffset", "8000", "haAckedOffset", "8000"));
    }

    void slave(String address, int epoch) {
        harness.brokerRuntime.put(address, Map.of("cometmqBrokerRole", "SLAVE", "controllerEpoch",
                String.valueOf(epoch), "commitLogMaxOffset", "8000", "haMasterConnected", "true",
                "haMasterMaxOffset", "8000"));
    }

    RoleAssignment role() {
        return RoleAssignment.parse(harness.client.configMaps().inNamespace(OperatorHarness.NS)
                .withName(NAMES.brokerRoleConfigMap(0)).get().getData().get(ConfigRenderer.ROLE_KEY));
    }

    @Test
    void aMasterPodGoneForUnavailableForIsReplacedByTheInSyncSlave() {
        // a few healthy probes first, so that the in-sync set and confirmed offset are known
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.isEmpty() && harness.events("FailoverBlocked")
                .isEmpty() && harness.get(CLUSTER).getStatus() != null);
        harness.brokerRuntime.remove(MASTER_ADDRESS);
        pod(MASTER, false);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> commands.isEmpty());

        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(20)).until(() -> commands.size() >= 2);
        assertThat(commands).startsWith("unregister " + MASTER_ADDRESS,
                "promote " + SLAVE_ADDRESS + " epoch 2 min 8000 role " + new RoleAssignment(SLAVE, 2, "SYNC_MASTER"));
        assertThat(role()).isEqualTo(new RoleAssignment(SLAVE, 2, "SYNC_MASTER"));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.events("FailoverStarted").size() == 1
                && harness.events("MasterPromoted").size() == 1);
        // status shows the controller's view
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var g = harness.get(CLUSTER).getStatus().getGroups().get(0);
            return SLAVE.equals(g.getMaster()) && g.getEpoch() == 2 && g.getLastFailover() != null
                    && MASTER.equals(g.getLastFailover().getFrom()) && g.getLastFailover().getPossibleLossBytes() == 0;
        });
    }

    @Test
    void aPromotionNotYetReportedByTheBrokerIsAnnouncedOnce() {
        repliesAfterPromotion = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.isEmpty() && harness.events("FailoverBlocked")
                .isEmpty() && harness.get(CLUSTER).getStatus() != null);
        harness.brokerRuntime.remove(MASTER_ADDRESS);
        pod(MASTER, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get(CLUSTER).getStatus().getGroups().get(0)
                .getMasterUnavailableSince() != null);
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.events("MasterPromoted").size() == 1);
        // the candidate keeps answering as a slave while further probes and reconciles run: still one announcement
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                .until(() -> harness.events("MasterPromoted").size() == 1);
        assertThat(harness.events("FailoverStarted")).hasSize(1);
        assertThat(harness.get(CLUSTER).getStatus().getGroups().get(0).getLastFailover().getFrom()).isEqualTo(MASTER);
    }

    @Test
    void aSwitchoverAnnotationMovesMastershipAndIsRemovedOnceDone() {
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.get(CLUSTER).getStatus() != null);
        harness.edit(CLUSTER, bc -> bc.getMetadata().getAnnotations().put(Annotations.PROMOTE, SLAVE));
        await().atMost(Duration.ofSeconds(20)).until(() -> !commands.isEmpty());
        assertThat(commands.get(0)).isEqualTo("demote " + MASTER_ADDRESS + " epoch 2 role "
                + new RoleAssignment(SLAVE, 2, "SYNC_MASTER"));

        slots.clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> commands.stream().anyMatch(c -> c.startsWith("promote")));
        assertThat(commands).contains("promote " + SLAVE_ADDRESS + " epoch 2 min 8000 role "
                + new RoleAssignment(SLAVE, 2, "SYNC_MASTER"));

        master(SLAVE_ADDRESS, 2);
        slots.put(NAMES.brokerName(0), SLAVE_ADDRESS);
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.get(CLUSTER).getMetadata().getAnnotations() == null
                || !harness.get(CLUSTER).getMetadata().getAnnotations().containsKey(Annotations.PROMOTE));
        assertThat(harness.events("MasterDemoted")).hasSize(1);
    }
}
