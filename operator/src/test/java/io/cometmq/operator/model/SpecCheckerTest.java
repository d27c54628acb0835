package io.cometmq.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.crd.MonitoringSpec;
import io.cometmq.operator.crd.ReplicationMode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecCheckerTest {
    private static List<String> reasons(BrokerCluster cluster, List<StatefulSet> existing) {
        return SpecChecker.check(cluster, existing).stream().map(SpecProblem::reason).toList();
    }

    @Test
    void validClusterHasNoProblems() {
        assertThat(reasons(BrokerClusters.withSlaves("ok", 2, 1), List.of())).isEmpty();
    }

    @Test
    void reservedConfigKeySyncWithoutSlavesAndBadSysctlAreRefused() {
        BrokerCluster cluster = BrokerClusters.minimal("bad");
        cluster.getSpec().getBroker().getConfig().put("namesrvAddr", "elsewhere:9876");
        cluster.getSpec().getBroker().setReplicationMode(ReplicationMode.SYNC);
        cluster.getSpec().getTuning().getSysctls().getValues().put("vm.max_map_count", "1; rm -rf /");
        assertThat(reasons(cluster, List.of())).containsExactly("ReservedConfigKey", "SyncWithoutSlaves", "InvalidSysctl");
    }

    @Test
    void typosAndBadValuesInBrokerConfigAreRefusedNamingTheKey() {
        BrokerCluster cluster = BrokerClusters.minimal("typo");
        cluster.getSpec().getBroker().getConfig().put("flushDiskTyp", "SYNC_FLUSH");
        cluster.getSpec().getBroker().getConfig().put("maxMessageSize", "4MB");
        List<SpecProblem> problems = SpecChecker.check(cluster, List.of());
        assertThat(problems).extracting(SpecProblem::reason).containsExactly("InvalidBrokerConfig");
        assertThat(problems.get(0).message()).isEqualTo("spec.broker.config: "
                + "unknown key 'flushDiskTyp' (did you mean 'flushDiskType'?); "
                + "key 'maxMessageSize' must be an integer, was '4MB'.");
    }

    @Test
    void validAndIgnoredRocketMqKeysInBrokerConfigAreAccepted() {
        BrokerCluster cluster = BrokerClusters.minimal("extras");
        cluster.getSpec().getBroker().getConfig().putAll(Map.of("maxMessageSize", "1048576",
                "deleteWhen", "04;16", "slaveReadEnable", "true", "serverWorkerThreads", "8"));
        assertThat(reasons(cluster, List.of())).isEmpty();
    }

    @Test
    void ownedKeysAreReservedEvenWithAValueTheBrokerWouldAccept() {
        BrokerCluster cluster = BrokerClusters.minimal("owned");
        cluster.getSpec().getBroker().getConfig().put("flushDiskType", "SYNC_FLUSH");
        cluster.getSpec().getBroker().getConfig().put("maxMessageSize", "-1");
        List<SpecProblem> problems = SpecChecker.check(cluster, List.of());
        assertThat(problems).extracting(SpecProblem::reason).containsExactly("ReservedConfigKey", "InvalidBrokerConfig");
        assertThat(problems.get(0).message()).contains("flushDiskType").contains("operator owns it");
        assertThat(problems.get(1).message()).contains("key 'maxMessageSize' must be between 1 and 67108864, was -1");
    }

    @Test
    void longNameMissingImageAndBadQuantityAreRefused() {
        BrokerCluster longName = BrokerClusters.minimal("a-very-long-cluster-name-that-breaks-dns");
        assertThat(reasons(longName, List.of())).containsExactly("ClusterNameTooLong");

        BrokerCluster noImage = BrokerClusters.minimal("noimage");
        noImage.getSpec().getImages().setBroker(null);
        assertThat(reasons(noImage, List.of())).containsExactly("MissingImage");

        BrokerCluster badSize = BrokerClusters.minimal("size");
        badSize.getSpec().getBroker().getStorage().setSize("lots");
        assertThat(reasons(badSize, List.of())).containsExactly("InvalidQuantity");
    }

    @Test
    void heapThatDoesNotFitTheMemoryLimitIsRefused() {
        BrokerCluster cluster = BrokerClusters.minimal("heap");
        cluster.getSpec().getBroker().getJvm().setHeap("4g");
        cluster.getSpec().getBroker().setResources(new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("2Gi")).build());
        assertThat(reasons(cluster, List.of())).containsExactly("HeapExceedsMemoryLimit");
        cluster.getSpec().getBroker().getJvm().setHeap("1g");
        assertThat(reasons(cluster, List.of())).isEmpty();
    }

    @Test
    void storageMayNotShrinkOrSwitchModeAgainstExistingStatefulSets() {
        Names names = new Names("store", BrokerClusters.NAMESPACE, "cluster.local");
        BrokerCluster cluster = BrokerClusters.minimal("store");
        cluster.getSpec().getBroker().getStorage().setSize("20Gi");
        StatefulSet existing = new BrokerGroupModel(cluster, names, 0).statefulSet(BrokerRole.MASTER);

        cluster.getSpec().getBroker().getStorage().setSize("30Gi");
        assertThat(reasons(cluster, List.of(existing))).isEmpty();
        cluster.getSpec().getBroker().getStorage().setSize("10Gi");
        assertThat(reasons(cluster, List.of(existing))).containsExactly("StorageChangeRefused");
        cluster.getSpec().getBroker().getStorage().setSize("20Gi");
        cluster.getSpec().getBroker().getStorage().setEphemeral(true);
        assertThat(reasons(cluster, List.of(existing))).containsExactly("StorageChangeRefused");
    }

    @Test
    void failoverDelayMustBeBetweenTenSecondsAndOneHourAndTheMessageNamesTheField() {
        BrokerCluster cluster = BrokerClusters.withSlaves("fo", 1, 1);
        for (String ok : List.of("10s", "30s", "2m", "60m", "3600s")) {
            cluster.getSpec().getBroker().getFailover().setUnavailableFor(ok);
            assertThat(reasons(cluster, List.of())).as(ok).isEmpty();
        }
        for (String bad : List.of("9s", "61m", "3601s", "0m", "30", "1h", "")) {
            cluster.getSpec().getBroker().getFailover().setUnavailableFor(bad);
            List<SpecProblem> problems = SpecChecker.check(cluster, List.of());
            assertThat(problems).as(bad).extracting(SpecProblem::reason).containsExactly(SpecChecker.INVALID_FAILOVER);
            assertThat(problems.get(0).message()).as(bad).contains("spec.broker.failover.unavailableFor", "was " + (bad.matches("[0-9]+[sm]") ? bad : "'" + bad + "'"));
        }
    }

    @Test
    void failoverTurnedOnWithoutSlavesIsRefusedButTheDefaultJustFollowsTheSlaves() {
        BrokerCluster cluster = BrokerClusters.minimal("fo");
        assertThat(reasons(cluster, List.of())).isEmpty();
        assertThat(cluster.getSpec().getBroker().getFailover().effectiveEnabled(0)).isFalse();
        assertThat(cluster.getSpec().getBroker().getFailover().effectiveEnabled(1)).isTrue();

        cluster.getSpec().getBroker().getFailover().setEnabled(true);
        List<SpecProblem> problems = SpecChecker.check(cluster, List.of());
        assertThat(problems).extracting(SpecProblem::reason).containsExactly(SpecChecker.FAILOVER_WITHOUT_SLAVES);
        assertThat(problems.get(0).message()).contains("spec.broker.failover.enabled", "slavesPerGroup is 0");

        cluster.getSpec().getBroker().getFailover().setEnabled(false);
        assertThat(reasons(cluster, List.of())).isEmpty();
        assertThat(cluster.getSpec().getBroker().getFailover().effectiveEnabled(2)).isFalse();
    }

    @Test
    void fewerSlavesThatWouldDeleteTheMasterAreRefusedNamingTheWayOut() {
        Names names = new Names("fo", BrokerClusters.NAMESPACE, "cluster.local");
        BrokerCluster cluster = BrokerClusters.withSlaves("fo", 2, 2);
        Map<Integer, String> masters = Map.of(0, "fo-broker-0-master-0", 1, "fo-broker-1-slave-1");
        assertThat(SpecChecker.checkMasters(cluster, names, masters)).isEmpty();

        cluster.getSpec().getBroker().setSlavesPerGroup(1);
        List<SpecProblem> problems = SpecChecker.checkMasters(cluster, names, masters);
        assertThat(problems).extracting(SpecProblem::reason).containsExactly(SpecChecker.SCALE_DOWN_REMOVES_MASTER);
        assertThat(problems.get(0).message()).contains("spec.broker.slavesPerGroup 1", "fo-broker-1-slave-1",
                "group 1", "cometmq.io/promote=fo-broker-1-master-0");

        // a group beyond the spec is removed whole after its drain: not this check's business
        cluster.getSpec().getBroker().setGroups(1);
        assertThat(SpecChecker.checkMasters(cluster, names, masters)).isEmpty();
    }

    @Test
    void grpcPortMayNotTakeAnotherPortOfTheBrokerPodAndTheMessageNamesBothFields() {
        BrokerCluster cluster = BrokerClusters.minimal("rpc");
        cluster.getSpec().setGrpc(new GrpcSpec());
        for (int port : List.of(10911, 10912, 5557, 0, 65536)) {
            cluster.getSpec().getGrpc().setPort(port);
            assertThat(SpecChecker.check(cluster, List.of())).as("port " + port).singleElement().satisfies(p -> {
                assertThat(p.reason()).isEqualTo("InvalidGrpc");
                assertThat(p.message()).startsWith("spec.grpc.port " + port + " is ");
            });
        }
        cluster.getSpec().getGrpc().setPort(10911);
        assertThat(SpecChecker.check(cluster, List.of()).get(0).message()).isEqualTo("spec.grpc.port 10911 is the "
                + "broker's remoting port on the same broker pods; choose another port (default 8081).");
        cluster.getSpec().getGrpc().setPort(5557);
        assertThat(SpecChecker.check(cluster, List.of()).get(0).message())
                .contains("spec.monitoring.port, the metrics endpoint");

        // the metrics port is free while metrics are off; nothing clashes while gRPC is off
        cluster.getSpec().setMonitoring(new MonitoringSpec());
        cluster.getSpec().getMonitoring().setEnabled(false);
        assertThat(reasons(cluster, List.of())).isEmpty();
        cluster.getSpec().getGrpc().setPort(10911);
        cluster.getSpec().getGrpc().setEnabled(false);
        assertThat(reasons(cluster, List.of())).isEmpty();
        // 9876 is the NameServer's, which does not run in broker pods
        cluster.getSpec().getGrpc().setEnabled(true);
        cluster.getSpec().getGrpc().setPort(9876);
        assertThat(reasons(cluster, List.of())).isEmpty();
    }

    @Test
    void grpcServiceAnnotationKeysMustBeAnnotationKeys() {
        BrokerCluster cluster = BrokerClusters.minimal("rpc");
        cluster.getSpec().setGrpc(new GrpcSpec());
        cluster.getSpec().getGrpc().getService().getAnnotations().put("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
        assertThat(reasons(cluster, List.of())).isEmpty();
        cluster.getSpec().getGrpc().getService().getAnnotations().put("not a key", "x");
        assertThat(SpecChecker.check(cluster, List.of())).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("InvalidGrpc");
            assertThat(p.message()).startsWith("spec.grpc.service.annotations: 'not a key' is not an annotation key");
        });
    }

    @Test
    void grpcServerPortInBrokerConfigIsReservedForSpecGrpc() {
        BrokerCluster cluster = BrokerClusters.minimal("rpc");
        cluster.getSpec().getBroker().getConfig().put("grpcServerPort", "8081");
        assertThat(SpecChecker.check(cluster, List.of())).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("ReservedConfigKey");
            assertThat(p.message()).contains("grpcServerPort");
        });
    }

    @Test
    void metricsPortMayNotTakeARemotingOrReplicationPortAndTheMessageNamesTheField() {
        BrokerCluster cluster = BrokerClusters.withSlaves("mon", 1, 1);
        cluster.getSpec().setMonitoring(new MonitoringSpec());
        for (int taken : List.of(9876, 10911, 10912)) {
            cluster.getSpec().getMonitoring().setPort(taken);
            List<SpecProblem> problems = SpecChecker.check(cluster, List.of());
            assertThat(problems).as("port %d", taken).extracting(SpecProblem::reason)
                    .containsExactly(SpecChecker.INVALID_MONITORING);
            assertThat(problems.get(0).message()).contains("spec.monitoring.port " + taken, "default 5557");
        }
        cluster.getSpec().getMonitoring().setPort(10911);
        cluster.getSpec().getMonitoring().setEnabled(false);
        assertThat(reasons(cluster, List.of())).as("no endpoint, no collision").isEmpty();
        cluster.getSpec().getMonitoring().setEnabled(true);
        cluster.getSpec().getMonitoring().setPort(9100);
        assertThat(reasons(cluster, List.of())).isEmpty();
    }

    @Test
    void podMonitorScrapeTimeoutMayNotExceedTheIntervalAndLabelKeysMustBeLabelKeys() {
        BrokerCluster cluster = BrokerClusters.minimal("mon");
        MonitoringSpec monitoring = new MonitoringSpec();
        cluster.getSpec().setMonitoring(monitoring);
        monitoring.getPodMonitor().setInterval("1m30s");
        monitoring.getPodMonitor().setScrapeTimeout("90s");
        monitoring.getPodMonitor().getLabels().put("release", "prometheus");
        monitoring.getPodMonitor().getLabels().put("example.com/team", "mq");
        assertThat(reasons(cluster, List.of())).isEmpty();

        monitoring.getPodMonitor().setScrapeTimeout("91s");
        List<SpecProblem> problems = SpecChecker.check(cluster, List.of());
        assertThat(problems).extracting(SpecProblem::reason).containsExactly(SpecChecker.INVALID_MONITORING);
        assertThat(problems.get(0).message()).contains("scrapeTimeout 91s", "interval 1m30s");

        monitoring.getPodMonitor().setScrapeTimeout(null);
        monitoring.getPodMonitor().getLabels().put("bad key!", "x");
        problems = SpecChecker.check(cluster, List.of());
        assertThat(problems).extracting(SpecProblem::message).singleElement().asString()
                .contains("spec.monitoring.podMonitor.labels", "'bad key!'");

        monitoring.getPodMonitor().getLabels().remove("bad key!");
        monitoring.getPodMonitor().setInterval("30 seconds");
        assertThat(SpecChecker.check(cluster, List.of())).extracting(SpecProblem::message).singleElement().asString()
                .contains("spec.monitoring.podMonitor.interval", "'30 seconds'");
        // a PodMonitor that is off is not checked
        monitoring.getPodMonitor().setEnabled(false);
        assertThat(reasons(cluster, List.of())).isEmpty();
    }
}
