package io.cometmq.e2e.cluster;

import static io.cometmq.e2e.cluster.ClusterOps.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.cometmq.e2e.client.ClientReport;
import io.cometmq.e2e.client.SequenceRanges;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * End to end on whatever Kubernetes cluster {@code COMETMQ_E2E_KUBECONFIG} names, doing what a user does: a real
 * {@code helm install} of the unmodified chart (its CRD included), {@code examples/dev-cluster.yaml} applied into a
 * fresh namespace, traffic from the Apache RocketMQ client running <em>inside</em> the cluster (the e2e-client image
 * as Jobs, whose pod logs are read back: pod DNS names resolve only there), a config change that rolls slave first
 * under a producer, a master pod killed with grace period 0 under a reader, a master JVM frozen with SIGSTOP under
 * a producer until the operator promotes its slave (issue #12) and then thawed to rejoin as a slave, scale up and
 * drained scale-down, clients outside the cluster producing and consuming through NodePorts (spec.externalAccess:
 * the test machine must reach the nodes' addresses), an invalid spec reported in status, the dev example under Pod Security {@code restricted}, a
 * secured cluster (authentication, TLS, a BrokerUser: traffic over TLS, a refusal, no secret on show), two operator
 * replicas with leader election losing their leader, deletion and {@code helm uninstall}. It writes
 * {@code kubectl get bc} and {@code kubectl describe bc} output to {@code docs/examples/}.
 *
 * <p>Nothing here assumes a particular distribution: no LoadBalancer, hostPath or node access; NodePorts only in
 * the external access step. The
 * master/slave scenarios need persistent volumes (a default StorageClass, or {@code COMETMQ_E2E_STORAGE_CLASS});
 * without one they are skipped, saying so. Every object lives in namespaces named {@code cometmq-e2e-*-<run>},
 * deleted in {@link #cleanUp()} whatever happened, as is the Helm release; the CRD is deleted only if this run
 * installed it. Budget: about 10 minutes on a 2-core single-node cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterE2EIT {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final String DEV = "dev";
    static final String HA = "ha";
    static final String FREEZE = "fz";
    static final String SECURED = "secured";
    static final String SECURED_USER = "e2e-app";
    static final String UNAVAILABLE_FOR = "20s";
    static final String LEASE = "cometmq-operator-lease"; // the chart's leaderElection.leaseName default
    static final Duration READY = Duration.ofMinutes(4);
    static final Duration JOB = Duration.ofMinutes(4);

    final String run = randomSuffix();
    final String release = "cometmq-e2e-" + run;
    final String operatorNs = "cometmq-e2e-op-" + run;
    final String devNs = "cometmq-e2e-dev-" + run;
    final String haNs = "cometmq-e2e-ha-" + run;
    final String freezeNs = "cometmq-e2e-freeze-" + run;
    final String restrictedNs = "cometmq-e2e-restricted-" + run;
    final String leaderNs = "cometmq-e2e-leader-" + run;
    final String securedNs = "cometmq-e2e-secured-" + run;

    E2eEnvironment env;
    KubernetesClient client;
    ClusterOps ops;
    KubectlCapture capture;
    boolean crdExistedBefore;
    /** The chart also installs the BrokerUser CRD; it is deleted at the end under the same rule. */
    boolean userCrdExistedBefore;
    static final String USER_CRD = "brokerusers.cometmq.io";
    /** Only a CRD that this run's helm install created is deleted at the end: others hold someone's clusters. */
    boolean deleteCrdAtEnd;
    boolean installed;
    boolean haReady;

    /** Why nothing can run, decided once in {@link #connect()}; every test reports it as its skip reason. */
    String skipReason;

    @BeforeAll
    void connect() throws Exception {
        Optional<String> skip = E2eEnvironment.skipReason(System.getenv());
        if (skip.isPresent()) {
            skip(skip.get());
            return;
        }
        env = E2eEnvironment.from(System.getenv(), REPO);
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(env.kubeconfig()))).build();
        ops = new ClusterOps(client);
        capture = new KubectlCapture(ops, env.kubeconfig(),
                Path.of(System.getProperty("e2e.capture.dir", REPO.resolve("docs/examples").toString())));
        log("run %s against %s (Kubernetes %s), images %s, %s", run, client.getMasterUrl(),
                client.getKubernetesVersion().getGitVersion(), env.image("*"), capture.source());
        crdExistedBefore = client.apiextensions().v1().customResourceDefinitions().withName(KubectlCapture.CRD)
                .get() != null;
        userCrdExistedBefore = client.apiextensions().v1().customResourceDefinitions().withName(USER_CRD).get() != null;
        List<Pod> otherOperators = client.pods().inAnyNamespace()
                .withLabel("app.kubernetes.io/name", "cometmq-operator").list().getItems();
        if (!otherOperators.isEmpty()) {
            skip("Skipped: a CometMQ operator already runs in the cluster (" + otherOperators.get(0).getMetadata()
                    .getNamespace() + "/" + otherOperators.get(0).getMetadata().getName() + "); it would reconcile "
                    + "the test's clusters too. Uninstall it or use another cluster.");
        }
    }

    private void skip(String reason) {
        skipReason = reason;
        System.out.println("RealClusterE2EIT " + reason);
    }

    @BeforeEach
    void needsTheOperator(TestInfo test) {
        assumeTrue(skipReason == null, () -> skipReason);
        if (!test.getTestMethod().orElseThrow().getName().equals("helmInstallsTheChartAndItsCrd")) {
            assumeTrue(installed, "the operator was not installed (see the helm install test)");
        }
        log("---- %s", test.getDisplayName());
    }

    @Test
    @Order(1)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void helmInstallsTheChartAndItsCrd() {
        deleteCrdAtEnd = !crdExistedBefore; // whatever CRD exists after this install is then ours
        // the unmodified chart; only the operator image is pointed at this run's images
        Release installedRelease = new Helm(REPO.resolve("helm/cometmq-operator")).install()
                .withName(release).withNamespace(operatorNs).createNamespace().withKubeConfig(env.kubeconfig())
                .set("image.repository", env.imagePrefix() + "operator").set("image.tag", env.imageTag())
                .waitReady().withTimeout(300).call();
        installed = true;
        log("helm install: release %s %s, revision %s", installedRelease.getName(), installedRelease.getStatus(),
                installedRelease.getRevision());
        assertThat(installedRelease.getStatus()).isEqualTo("deployed");
        var crd = client.apiextensions().v1().customResourceDefinitions().withName(KubectlCapture.CRD).get();
        assertThat(crd).as("CRD %s installed from the chart's crds/", KubectlCapture.CRD).isNotNull();
        assertThat(crd.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Established");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        Deployment operator = operatorDeployment();
        assertThat(operator.getStatus().getReadyReplicas()).as("ready operator replicas").isEqualTo(1);
    }

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void devExampleBecomesReady() throws Exception {
        ops.createNamespace(devNs, Map.of());
        Map<String, Object> ready;
        try (KubectlCapture.Watch watch = capture.watchGet(devNs)) {
            ops.createCluster(devNs, Specs.devExample(REPO, env));
            ready = ops.awaitReady(devNs, DEV, READY);
            await("kubectl get -w shows the Ready row").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> watch.output().contains("Running"));
            watch.save("kubectl-get-bc.txt");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) ready.get("status");
        assertThat(status).containsEntry("nameServers", "1/1").containsEntry("groupsReady", "1/1");
        assertThat((String) status.get("nameServerAddress")).contains("." + devNs + ".svc");
    }

    @Test
    @Order(3)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void messagesMakeARoundTripFromInsideTheCluster() throws Exception {
        roundTrip(devNs, DEV, "rt", 50);
        capture.describe(devNs, DEV, "kubectl-describe-bc-dev.txt");

        // spec.monitoring is on by default: the broker serves Apache's families on its port "metrics"
        @SuppressWarnings("unchecked")
        Map<String, Object> monitoring = (Map<String, Object>) status(ops.awaitReady(devNs, DEV, READY))
                .get("monitoring");
        assertThat(monitoring).as("status.monitoring").containsEntry("metricsPort", 5557);
        assertThat((String) monitoring.get("podMonitor")).isIn("Created", "NotInstalled");
        String master = DEV + "-broker-0-master-0";
        await("rocketmq_topic_number on " + master).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(ops.scrapeMetrics(devNs, master, 5557))
                        .contains("# TYPE rocketmq_topic_number gauge").contains("rocketmq_topic_number{"));

        // spec.grpc is on by default: the Service <c>-grpc over every broker pod, named in status for the SDKs
        String grpcService = DEV + "-grpc";
        assertThat(status(ops.awaitReady(devNs, DEV, READY))).as("status.grpcEndpoint")
                .containsEntry("grpcEndpoint", grpcService + "." + devNs + ".svc:8081");
        assertThat(ops.service(devNs, grpcService)).as("Service " + grpcService).hasValueSatisfying(service -> {
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("grpc");
                assertThat(p.getPort()).isEqualTo(8081);
            });
        });
        List<String> brokerPods = ops.clusterPods(devNs, DEV).stream()
                .filter(p -> "broker".equals(p.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .map(p -> p.getMetadata().getName()).sorted().toList();
        assertThat(brokerPods).as("broker pods of " + DEV).isNotEmpty();
        await("the broker pods are the endpoints of " + grpcService).atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(ops.readyEndpointPods(devNs, grpcService)).containsExactlyElementsOf(brokerPods));
        // the broker's gRPC server answers HTTP/2 in plaintext on the same port as TLS
        await("HTTP/2 SETTINGS from " + grpcService).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(ops.http2Handshake(devNs, grpcService, 8081).isServerSettings())
                        .as("first frame is the server's SETTINGS").isTrue());
    }

    @Test
    @Order(4)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aConfigTypoIsReportedInStatusAndNothingRolls() {
        String master = DEV + "-broker-0-master";
        String podUid = ops.pod(devNs, master + "-0").orElseThrow().getMetadata().getUid();
        String configHash = templateAnnotations(devNs, master).get("cometmq.io/config-hash");
        try {
            ops.mergePatch(devNs, DEV, "{\"spec\":{\"broker\":{\"config\":{\"flushDiskTyp\":\"SYNC_FLUSH\"}}}}");
        } catch (KubernetesClientException e) {
            // a CRD that refuses unknown keys at admission reports the typo even earlier; it must name the key
            log("the API server refused the typo at admission: %s", e.getMessage());
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getMessage()).contains("flushDiskTyp");
            return;
        }
        // (each status seen while waiting is logged, so a timeout shows what was reported instead)
        Map<String, Object> degraded = ops.awaitCluster(devNs, DEV, "Degraded=True/InvalidBrokerConfig",
                Duration.ofMinutes(2), c -> Specs.hasCondition(c, "Degraded", "True")
                        && "InvalidBrokerConfig".equals(Specs.condition(c, "Degraded").orElseThrow().get("reason")));
        Map<String, Object> condition = Specs.condition(degraded, "Degraded").orElseThrow();
        log("Degraded: %s: %s", condition.get("reason"), condition.get("message"));
        assertThat((String) condition.get("message")).contains("flushDiskTyp");
        // nothing rolled: same pod, same rendered config
        assertThat(ops.pod(devNs, master + "-0").orElseThrow().getMetadata().getUid()).isEqualTo(podUid);
        assertThat(templateAnnotations(devNs, master).get("cometmq.io/config-hash")).isEqualTo(configHash);

        ops.jsonPatch(devNs, DEV, "[{\"op\":\"remove\",\"path\":\"/spec/broker/config/flushDiskTyp\"}]");
        ops.awaitCluster(devNs, DEV, "Degraded=False and Ready=True again", Duration.ofMinutes(2),
                c -> Specs.hasCondition(c, "Degraded", "False") && Specs.hasCondition(c, "Ready", "True"));
        assertThat(ops.pod(devNs, master + "-0").orElseThrow().getMetadata().getUid()).isEqualTo(podUid);
    }

    @Test
    @Order(5)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void groupsScaleUpAndADrainedGroupIsRemoved() {
        ops.mergePatch(devNs, DEV, "{\"spec\":{\"broker\":{\"groups\":2}}}");
        ops.awaitCluster(devNs, DEV, "2/2 groups Ready", READY, c -> Specs.hasCondition(c, "Ready", "True")
                && "2/2".equals(status(c).get("groupsReady")));
        String group1 = DEV + "-broker-1-master";
        assertThat(statefulSet(devNs, group1)).as("StatefulSet " + group1).isPresent();

        // lowering groups without a drain is refused and the group keeps running
        ops.mergePatch(devNs, DEV, "{\"spec\":{\"broker\":{\"groups\":1}}}");
        ops.awaitCluster(devNs, DEV, "Degraded=True/ScaleDownRefused", Duration.ofMinutes(2),
                c -> Specs.hasCondition(c, "Degraded", "True")
                        && "ScaleDownRefused".equals(Specs.condition(c, "Degraded").orElseThrow().get("reason")));
        assertThat(statefulSet(devNs, group1)).as("undrained group kept").isPresent();

        // the documented way: drain, then the group goes
        ops.mergePatch(devNs, DEV, "{\"metadata\":{\"annotations\":{\"cometmq.io/drain-group\":\"1\"}}}");
        await("group 1 removed").atMost(Duration.ofMinutes(3)).pollInterval(ClusterOps.POLL)
                .until(() -> statefulSet(devNs, group1).isEmpty());
        ops.awaitCluster(devNs, DEV, "1/1 groups, Ready, not Degraded, drain annotation cleared", READY,
                c -> Specs.hasCondition(c, "Ready", "True") && Specs.hasCondition(c, "Degraded", "False")
                        && "1/1".equals(status(c).get("groupsReady"))
                        && String.valueOf(annotations(c).getOrDefault("cometmq.io/drain-group", "")).isBlank());
    }

    @Test
    @Order(6)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void clientsOutsideTheClusterProduceAndConsumeThroughNodePorts() throws Exception {
        // spec.externalAccess with NodePort: the test machine plays the client outside the cluster; it must reach the
        // nodes' addresses (ExternalIP, else InternalIP) on node ports, which any conformant cluster allocates
        ops.mergePatch(devNs, DEV, "{\"spec\":{\"externalAccess\":{\"enabled\":true,\"type\":\"NodePort\"}}}");
        Map<String, Object> ready = ops.awaitCluster(devNs, DEV, "status.externalAccess Ready and the cluster Ready",
                Duration.ofMinutes(5), c -> "Ready".equals(externalAccess(c).get("state"))
                        && Specs.hasCondition(c, "Ready", "True"));
        String namesrv = (String) externalAccess(ready).get("nameServerAddress");
        log("external NameServer address %s, brokers %s", namesrv, externalAccess(ready).get("brokers"));
        assertThat(ops.service(devNs, DEV + "-nameserver-external")).hasValueSatisfying(service ->
                assertThat(service.getSpec().getType()).isEqualTo("NodePort"));
        String topic = "E2EExternal";
        String brokerAddress = externalBrokerAddress(ready, DEV + "-broker-0-master-0");
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(namesrv);
        admin.setVipChannelEnabled(false);
        admin.setInstanceName("e2e-external-admin-" + run);
        admin.start();
        DefaultMQProducer producer =
                new DefaultMQProducer("e2e-external-producer");
        producer.setNamesrvAddr(namesrv);
        producer.setVipChannelEnabled(false);
        producer.setInstanceName("e2e-external-" + run);
        producer.setSendMsgTimeout(5000);
        DefaultLitePullConsumer consumer =
                new DefaultLitePullConsumer("e2e-external-consumer");
        consumer.setNamesrvAddr(namesrv);
        consumer.setVipChannelEnabled(false);
        consumer.setInstanceName("e2e-external-" + run);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        try {
            TopicConfig config = new TopicConfig(topic, 2, 2, 6);
            // through the broker's external address; its route reaches the external listener once the broker has
            // re-read the address file (the kubelet refreshes mounted ConfigMaps within about a minute) and registered
            admin.createAndUpdateTopicConfig(brokerAddress, config);
            producer.start();
            List<String> sent = new ArrayList<>();
            await("a send through the external NameServer address").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
                        var result = producer.send(new Message(topic,
                                ("external-" + run + "-0").getBytes(StandardCharsets.UTF_8)));
                        assertThat(result.getSendStatus().name()).isEqualTo("SEND_OK");
                        sent.add("external-" + run + "-0");
                    });
            for (int i = 1; i < 10; i++) {
                String body = "external-" + run + "-" + i;
                assertThat(producer.send(new Message(topic,
                        body.getBytes(StandardCharsets.UTF_8))).getSendStatus().name()).isEqualTo("SEND_OK");
                sent.add(body);
            }
            consumer.subscribe(topic, "*");
            consumer.start();
            Set<String> received = new HashSet<>();
            await("the messages read back through the external addresses").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        consumer.poll(1000).forEach(m -> received.add(
                                new String(m.getBody(), StandardCharsets.UTF_8)));
                        return received.containsAll(sent);
                    });
            log("%d messages sent and received from outside the cluster through %s", sent.size(), namesrv);
        } finally {
            consumer.shutdown();
            producer.shutdown();
            admin.shutdown();
        }
        ops.mergePatch(devNs, DEV, "{\"spec\":{\"externalAccess\":{\"enabled\":false}}}");
        await("the external Services removed").atMost(Duration.ofMinutes(1)).pollInterval(ClusterOps.POLL)
                .until(() -> ops.service(devNs, DEV + "-nameserver-external").isEmpty()
                        && ops.service(devNs, DEV + "-broker-0-master-0-external").isEmpty());
        ops.awaitReady(devNs, DEV, READY);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> externalAccess(Map<String, Object> cluster) {
        return (Map<String, Object>) status(cluster).getOrDefault("externalAccess", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static String externalBrokerAddress(Map<String, Object> cluster, String pod) {
        return ((List<Map<String, Object>>) externalAccess(cluster).getOrDefault("brokers", List.of())).stream()
                .filter(b -> pod.equals(b.get("pod"))).map(b -> (String) b.get("address")).findFirst()
                .orElseThrow(() -> new AssertionError("no external address of " + pod + " in status"));
    }

    @Test
    @Order(7)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aConfigChangeRollsSlaveFirstAndLosesNoAcknowledgedMessage() throws Exception {
        Optional<String> storageClass = storageClass();
        assumeTrue(env.storageClass().isPresent() || storageClass.isPresent(), "Skipped: the master/slave scenarios "
                + "need persistent volumes and the cluster has no default StorageClass; set "
                + E2eEnvironment.STORAGE_CLASS);
        ops.createNamespace(haNs, Map.of());
        ops.createCluster(haNs, Specs.masterSlave(Specs.devExample(REPO, env), HA, env.storageClass()));
        Map<String, Object> ready = ops.awaitReady(haNs, HA, Duration.ofMinutes(5));
        haReady = true;
        assertThat(status(ready)).containsEntry("groupsReady", "1/1");
        capture.describe(haNs, HA, "kubectl-describe-bc.txt");
        String namesrv = nameServerAddress(ready);
        String master = HA + "-broker-0-master-0";
        String slave = HA + "-broker-0-slave-0";

        PodReplacements replacements = new PodReplacements();
        try (SharedIndexInformer<Pod> informer = watchPods(haNs, HA, replacements)) {
            String producer = "roll-producer";
            ops.startJob(ClientJobs.job(haNs, producer, env.image("e2e-client"), List.of("produce", "--namesrv",
                    namesrv, "--topic", "E2ERoll", "--rate", "20", "--until-file", "/tmp/stop", "--duration", "480",
                    "--send-timeout-ms", "3000", "--allow-errors", "--run-id", "roll"), Duration.ofMinutes(9)));
            Pod producerPod = ops.awaitJobPod(haNs, producer, Duration.ofMinutes(1));
            await("producer acknowledged").atMost(Duration.ofMinutes(2)).pollInterval(ClusterOps.POLL)
                    .until(() -> ClientReport.parse("roll", ops.jobLog(haNs, producer)).acked().size() >= 40);

            ops.mergePatch(haNs, HA, "{\"spec\":{\"broker\":{\"config\":{\"fileReservedTime\":\"48\"}}}}");
            ops.awaitCluster(haNs, HA, "both brokers replaced and Ready", Duration.ofMinutes(5),
                    c -> Specs.hasCondition(c, "Ready", "True") && replacements.firstReplaced(master).isPresent()
                            && replacements.firstReplaced(slave).isPresent());
            log("replacements: %s", replacements.all());
            assertThat(replacements.firstReplaced(slave).orElseThrow())
                    .as("the slave is replaced before the master").isBefore(replacements.firstReplaced(master)
                            .orElseThrow());
            for (String sts : List.of(HA + "-broker-0-master", HA + "-broker-0-slave")) {
                var status = statefulSet(haNs, sts).orElseThrow().getStatus();
                assertThat(status.getCurrentRevision()).as("%s revision", sts).isEqualTo(status.getUpdateRevision());
            }

            // the producer keeps going after the roll, then stops when told
            int ackedAfterRoll = ClientReport.parse("roll", ops.jobLog(haNs, producer)).acked().size();
            await("producer acknowledged after the roll").atMost(Duration.ofMinutes(2)).pollInterval(ClusterOps.POLL)
                    .until(() -> ClientReport.parse("roll", ops.jobLog(haNs, producer)).acked().size()
                            >= ackedAfterRoll + 40);
            ops.exec(haNs, producerPod.getMetadata().getName(), "touch", "/tmp/stop");
            ClusterOps.JobResult produced = ops.awaitJob(haNs, producer, Duration.ofMinutes(2));
            ClientReport sent = ClientReport.parse("roll", produced.log());
            log("producer during the roll: %s; send errors seen (%d):%n%s", sent.produced(),
                    sent.sendFailures().size(), String.join("\n", sent.sendFailures()));
            assertThat(sent.produced()).as("producer summary").containsKey("acked");

            ClientReport got = consume(haNs, "roll-consumer", namesrv, "E2ERoll", "roll", sent.acked(), 0);
            assertThat(sent.acked().minus(got.received())).as("acknowledged but never consumed").hasToString("");
        }
    }

    @Test
    @Order(8)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theSlaveServesReadersWhenTheMasterPodIsKilled() throws Exception {
        assumeTrue(haReady, "Skipped: the master/slave cluster of the previous scenario is not there");
        String namesrv = nameServerAddress(ops.cluster(haNs, HA).orElseThrow());
        String master = HA + "-broker-0-master-0";
        ops.startJob(ClientJobs.job(haNs, "fo-producer", env.image("e2e-client"), List.of("produce", "--namesrv",
                namesrv, "--topic", "E2EFailover", "--count", "200", "--run-id", "fo"), JOB));
        ClusterOps.JobResult produced = ops.awaitJob(haNs, "fo-producer", JOB);
        ClientReport sent = ClientReport.parse("fo", produced.log());
        assertThat(produced.succeeded()).as("producer log:\n%s", produced.log()).isTrue();
        assertThat(sent.acked()).isEqualTo(SequenceRanges.firstN(200));

        // a slow reader (one message at a time, 100 ms each, nothing cached ahead) is mid-way when the master dies
        String reader = "fo-consumer";
        ops.startJob(ClientJobs.job(haNs, reader, env.image("e2e-client"), List.of("consume", "--namesrv", namesrv,
                "--topic", "E2EFailover", "--group", "e2e-failover", "--run-id", "fo", "--expect", "200",
                "--pace-ms", "100", "--timeout", "300"), Duration.ofMinutes(7)));
        await("reader under way").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ClientReport.parse("fo", ops.jobLog(haNs, reader)).received().size() >= 30);
        String oldUid = ops.pod(haNs, master).orElseThrow().getMetadata().getUid();
        int before = ClientReport.parse("fo", ops.jobLog(haNs, reader)).received().size();
        ops.forceDeletePod(haNs, master);
        Instant killed = Instant.now();

        ClusterOps.JobResult read = ops.awaitJob(haNs, reader, Duration.ofMinutes(6));
        ClientReport got = ClientReport.parse("fo", read.log());
        log("reader had %d of 200 when the master was killed; finished %s after the kill: %s", before,
                Duration.between(killed, Instant.now()), got.consumed());
        assertThat(read.succeeded()).as("reader log tail:\n%s", ClusterOps.tail(read.log(), 20)).isTrue();
        assertThat(got.received()).isEqualTo(SequenceRanges.firstN(200));

        await("master pod recreated").atMost(Duration.ofMinutes(2)).pollInterval(ClusterOps.POLL)
                .until(() -> ops.pod(haNs, master).map(p -> !p.getMetadata().getUid().equals(oldUid)).orElse(false));
        ops.awaitReady(haNs, HA, READY);
        ops.deleteNamespace(haNs, Duration.ofMinutes(3)); // frees the node for what follows
    }

    @Test
    @Order(9)
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aFrozenMasterIsReplacedAndRejoinsAsASlaveWithoutLosingAcknowledgedMessages() throws Exception {
        ops.createNamespace(freezeNs, Map.of());
        ops.createCluster(freezeNs, Specs.failover(Specs.devExample(REPO, env), FREEZE, UNAVAILABLE_FOR));
        Map<String, Object> ready = ops.awaitCluster(freezeNs, FREEZE, "Ready, master and epoch in status, a "
                + "registered slave", READY, c -> Specs.hasCondition(c, "Ready", "True")
                        && FailoverStatus.epoch(c, 0).isPresent() && FailoverStatus.master(c, 0).map(m -> FailoverStatus
                        .otherPods(c, 0, m).stream().anyMatch(p -> FailoverStatus.isRegisteredSlave(c, 0, p)))
                        .orElse(false));
        String oldMaster = FailoverStatus.master(ready, 0).orElseThrow();
        long oldEpoch = FailoverStatus.epoch(ready, 0).getAsLong();
        String namesrv = nameServerAddress(ready);
        log("before the freeze: %s", FailoverStatus.summary(ready, 0));

        String producer = "fz-producer";
        ops.startJob(ClientJobs.job(freezeNs, producer, env.image("e2e-client"), List.of("produce", "--namesrv",
                namesrv, "--topic", "E2EFreeze", "--rate", "20", "--until-file", "/tmp/stop", "--duration", "600",
                "--send-timeout-ms", "3000", "--allow-errors", "--run-id", "fz"), Duration.ofMinutes(11)));
        Pod producerPod = ops.awaitJobPod(freezeNs, producer, Duration.ofMinutes(1));
        await("producer acknowledged").atMost(Duration.ofMinutes(2)).pollInterval(ClusterOps.POLL)
                .until(() -> highestAcked(freezeNs, producer, "fz") >= 40);

        // SIGSTOP to the broker JVM, a child of the image's bash entrypoint (PID 1 would ignore it)
        int restarts = ops.restartCount(freezeNs, oldMaster, BrokerFreeze.CONTAINER);
        BrokerFreeze.Frozen frozen = BrokerFreeze.parse(ops.execIn(freezeNs, oldMaster, BrokerFreeze.CONTAINER,
                BrokerFreeze.stopCommand(), true));
        Instant frozenAt = Instant.now();
        log("froze the broker JVM of %s (pid %d)", oldMaster, frozen.pid());

        Map<String, Object> promoted = ops.awaitCluster(freezeNs, FREEZE, "another pod master under a higher epoch",
                Duration.ofMinutes(3), c -> FailoverStatus.master(c, 0).filter(m -> !m.equals(oldMaster)).isPresent()
                        && FailoverStatus.epoch(c, 0).orElse(0) > oldEpoch);
        Duration toNewMaster = Duration.between(frozenAt, Instant.now());
        String newMaster = FailoverStatus.master(promoted, 0).orElseThrow();
        log("%s s after the freeze: %s; lastFailover %s", toNewMaster.toSeconds(), FailoverStatus.summary(promoted, 0),
                FailoverStatus.group(promoted, 0).map(g -> g.get("lastFailover")).orElse(null));

        // writes resume on the new master while the old one is still frozen: nothing else can acknowledge now
        int highestAtPromotion = highestAcked(freezeNs, producer, "fz");
        await("a SEND_OK from the new master while the old one is frozen").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> highestAcked(freezeNs, producer, "fz") > highestAtPromotion);
        assertThat(ops.restartCount(freezeNs, oldMaster, BrokerFreeze.CONTAINER))
                .as("restarts of %s while frozen (a liveness-probe restart would test a restart, not a thaw)",
                        oldMaster).isEqualTo(restarts);

        ops.execIn(freezeNs, oldMaster, BrokerFreeze.CONTAINER, BrokerFreeze.continueCommand(frozen.pid()), false);
        log("continued %s after %s s frozen", oldMaster, Duration.between(frozenAt, Instant.now()).toSeconds());
        Map<String, Object> rejoined = ops.awaitCluster(freezeNs, FREEZE, oldMaster + " a registered slave of "
                + newMaster + ", Ready", Duration.ofMinutes(3), c -> Specs.hasCondition(c, "Ready", "True")
                        && FailoverStatus.master(c, 0).filter(newMaster::equals).isPresent()
                        && FailoverStatus.isRegisteredSlave(c, 0, oldMaster));
        log("after the thaw: %s", FailoverStatus.summary(rejoined, 0));
        assertThat(ops.restartCount(freezeNs, oldMaster, BrokerFreeze.CONTAINER))
                .as("%s rejoins as a slave in process, without a restart", oldMaster).isEqualTo(restarts);
        capture.describe(freezeNs, FREEZE, "kubectl-describe-bc-failover.txt");

        int highestAfterThaw = highestAcked(freezeNs, producer, "fz");
        await("producer acknowledged after the thaw").atMost(Duration.ofMinutes(2)).pollInterval(ClusterOps.POLL)
                .until(() -> highestAcked(freezeNs, producer, "fz") >= highestAfterThaw + 20);
        ops.exec(freezeNs, producerPod.getMetadata().getName(), "touch", "/tmp/stop");
        ClientReport sent = ClientReport.parse("fz", ops.awaitJob(freezeNs, producer, Duration.ofMinutes(2)).log());
        assertThat(sent.produced()).as("producer summary").containsKey("acked");
        // the freeze is the producer's longest pause: the SEND_OK that ends it is the first one on the new master
        WriteOutage outage = WriteOutage.longest(sent.ackTimes()).orElseThrow();
        log("freeze -> new master in status: %.1f s (test clock, status polled every %d s); freeze -> first SEND_OK: "
                + "%.1f s (pod clocks: the broker's at the freeze, the producer's at the ack); longest pause between "
                + "SEND_OKs %.1f s (producer clock), from %.1f s before the freeze; target unavailableFor %s + 10 s",
                toNewMaster.toMillis() / 1000.0, ClusterOps.POLL.toSeconds(),
                (outage.firstAckAfter() - frozen.atMillis()) / 1000.0, outage.length().toMillis() / 1000.0,
                (frozen.atMillis() - outage.lastAckBefore()) / 1000.0, UNAVAILABLE_FOR);
        log("producer: %s; send failures (%d), first ones:%n%s", sent.produced(), sent.sendFailures().size(),
                String.join("\n", sent.sendFailures().subList(0, Math.min(10, sent.sendFailures().size()))));

        // every acknowledged message once, for a new consumer group
        ClientReport got = consume(freezeNs, "fz-consumer", namesrv, "E2EFreeze", "fz", sent.acked(), 0);
        assertThat(sent.acked().minus(got.received())).as("acknowledged but never consumed").hasToString("");
        log("duplicates seen by the consumer: %s (of them acknowledged: %s)", got.duplicates(),
                sent.acked().minus(sent.acked().minus(got.duplicates())));
        assertThat(sent.acked().minus(sent.acked().minus(got.duplicates()))).as("acknowledged and consumed twice")
                .hasToString("");
        ops.deleteNamespace(freezeNs, Duration.ofMinutes(3));
    }

    @Test
    @Order(10)
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void theDevExampleRunsInARestrictedNamespace() throws Exception {
        ops.createNamespace(restrictedNs, Map.of("pod-security.kubernetes.io/enforce", "restricted",
                "pod-security.kubernetes.io/enforce-version", "latest"));
        ops.createCluster(restrictedNs, Specs.devExample(REPO, env));
        ops.awaitReady(restrictedNs, DEV, READY);
        roundTrip(restrictedNs, DEV, "rs", 10);
        ops.deleteNamespace(restrictedNs, Duration.ofMinutes(3));
    }

    @Test
    @Order(11)
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void aSecuredClusterServesItsUserOverTlsRefusesWhatTheAclDoesNotAllowAndShowsNoSecret() throws Exception {
        ops.createNamespace(securedNs, Map.of());
        ops.createCluster(securedNs, Specs.secured(REPO, Specs.devExample(REPO, env), SECURED));
        Map<String, Object> ready = ops.awaitReady(securedNs, SECURED, READY);
        @SuppressWarnings("unchecked")
        Map<String, Object> security = (Map<String, Object>) status(ready).get("security");
        assertThat(security).as("status.security").isNotNull().containsEntry("tls", "enforcing")
                .containsEntry("authentication", true).containsEntry("authorization", true);

        String topic = "E2ESECURED";
        String group = "e2e-sc-consumer";
        ops.createUser(securedNs, Specs.brokerUser(SECURED_USER, SECURED, topic, group));
        Map<String, Object> user = ops.awaitUser(securedNs, SECURED_USER, "Ready=True", Duration.ofMinutes(3),
                u -> Specs.hasCondition(u, "Ready", "True"));
        assertThat(status(user)).containsEntry("brokers", "1/1");

        // the operator-generated password, by reference; the cluster CA from <cluster>-tls
        ClientJobs.Security as = new ClientJobs.Security(SECURED_USER, SECURED_USER + "-password", "password",
                SECURED + "-tls");
        String namesrv = nameServerAddress(ready);
        List<String> tls = List.of("--tls-trust-cert", ClientJobs.CA_PATH);
        String runId = "sc";
        ops.startJob(ClientJobs.job(securedNs, "sc-producer", env.image("e2e-client"), concat(List.of("produce",
                "--namesrv", namesrv, "--topic", topic, "--count", "20", "--run-id", runId), tls), JOB, as));
        ClusterOps.JobResult produced = ops.awaitJob(securedNs, "sc-producer", JOB);
        assertThat(produced.succeeded()).as("producer log:\n%s", produced.log()).isTrue();
        ClientReport sent = ClientReport.parse(runId, produced.log());
        assertThat(sent.acked()).isEqualTo(SequenceRanges.firstN(20));
        ops.startJob(ClientJobs.job(securedNs, "sc-consumer", env.image("e2e-client"), concat(List.of("consume",
                "--namesrv", namesrv, "--topic", topic, "--group", group, "--run-id", runId, "--sequences",
                sent.acked().toString(), "--timeout", "180"), tls), JOB, as));
        ClusterOps.JobResult consumed = ops.awaitJob(securedNs, "sc-consumer", JOB);
        assertThat(consumed.succeeded()).as("consumer log:\n%s", ClusterOps.tail(consumed.log(), 20)).isTrue();
        assertThat(ClientReport.parse(runId, consumed.log()).received()).isEqualTo(sent.acked());

        // a topic outside the ACL: the broker answers NO_PERMISSION and its remark reaches the client's report
        String forbidden = "E2EFORBIDDEN";
        ops.startJob(ClientJobs.job(securedNs, "sc-refused", env.image("e2e-client"), concat(List.of("produce",
                "--namesrv", namesrv, "--topic", forbidden, "--count", "1", "--run-id", "scx"), tls), JOB, as));
        ClusterOps.JobResult refused = ops.awaitJob(securedNs, "sc-refused", JOB);
        ClientReport refusedReport = ClientReport.parse("scx", refused.log());
        assertThat(refused.succeeded()).as("a producer whose every send is refused exits 1").isFalse();
        assertThat(refusedReport.acked().size()).isZero();
        assertThat(refusedReport.sendFailures()).as("refused producer log:\n%s", refused.log()).singleElement()
                .satisfies(line -> assertThat(line).contains("CODE: 16 ").contains("no permission")
                        .contains("User:" + SECURED_USER).contains("Topic:" + forbidden));

        assertNoSecretShows();
        ops.deleteNamespace(securedNs, Duration.ofMinutes(3));
    }

    /** No generated credential or key, read from its Secret, appears where users and tools look. */
    private void assertNoSecretShows() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.putAll(ops.secretValues(securedNs, SECURED + "-superuser", "password"));
        secrets.putAll(ops.secretValues(securedNs, SECURED + "-inner-credentials", "secretKey"));
        secrets.putAll(ops.secretValues(securedNs, SECURED + "-ca", "ca.key"));
        secrets.putAll(ops.secretValues(securedNs, SECURED + "-tls", "tls.key"));
        secrets.putAll(ops.secretValues(securedNs, SECURED_USER + "-password", "password"));
        assertThat(secrets).as("generated secret values read back").hasSizeGreaterThanOrEqualTo(5);
        Map<String, String> views = new LinkedHashMap<>();
        views.put("BrokerCluster YAML", ops.yaml(ClusterOps.BROKER_CLUSTERS, securedNs, SECURED));
        views.put("kubectl describe bc", capture.describe(securedNs, SECURED));
        views.put("BrokerUser YAML", ops.yaml(ClusterOps.BROKER_USERS, securedNs, SECURED_USER));
        views.put("events of " + securedNs, ops.eventsYaml(securedNs));
        capture.kubectl("get", "bc", SECURED, "-n", securedNs, "-o", "yaml")
                .ifPresent(out -> views.put("kubectl get bc -o yaml", out));
        capture.kubectl("get", "bu", SECURED_USER, "-n", securedNs, "-o", "yaml")
                .ifPresent(out -> views.put("kubectl get bu -o yaml", out));
        capture.kubectl("get", "events", "-n", securedNs, "-o", "yaml")
                .ifPresent(out -> views.put("kubectl get events -o yaml", out));
        views.forEach((view, text) -> {
            assertThat(text).as("%s is read", view).isNotBlank();
            secrets.forEach((secret, value) -> assertThat(text.contains(value))
                    .as("%s shows the value of %s", view, secret).isFalse());
        });
        log("no generated secret value (%d checked) in %s", secrets.size(), views.keySet());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    @Order(12)
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void aStandbyOperatorTakesOverWhenTheLeaderPodIsDeleted() throws Exception {
        // no helm --wait: whether a standby replica reports ready before it leads is the operator's choice
        Release upgraded = new Helm(REPO.resolve("helm/cometmq-operator")).upgrade()
                .withName(release).withNamespace(operatorNs).withKubeConfig(env.kubeconfig())
                .set("image.repository", env.imagePrefix() + "operator").set("image.tag", env.imageTag())
                .set("replicaCount", 2).set("leaderElection.enabled", true).call();
        log("helm upgrade: revision %s %s", upgraded.getRevision(), upgraded.getStatus());
        await("2 operator pods of the new revision running").atMost(Duration.ofMinutes(3))
                .pollInterval(ClusterOps.POLL).until(() -> {
                    var status = operatorDeployment().getStatus();
                    return status != null && Integer.valueOf(2).equals(status.getUpdatedReplicas())
                            && Integer.valueOf(2).equals(status.getReplicas()) && runningOperatorPods().size() == 2;
                });
        Lease first = await("lease held by an operator pod").atMost(Duration.ofMinutes(2))
                .pollInterval(ClusterOps.POLL).until(this::lease, l -> l != null && holderPod(l).isPresent());
        String leader = holderPod(first).orElseThrow();
        String firstRenew = String.valueOf(first.getSpec().getRenewTime());
        log("leader %s (lease duration %s s, renewed %s)", leader, first.getSpec().getLeaseDurationSeconds(),
                firstRenew);
        await("lease renewed by the leader").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Lease now = lease();
                    return now != null && !firstRenew.equals(String.valueOf(now.getSpec().getRenewTime()))
                            && holderPod(now).filter(leader::equals).isPresent();
                });

        ops.forceDeletePod(operatorNs, leader);
        long leaseSeconds = Optional.ofNullable(first.getSpec().getLeaseDurationSeconds()).orElse(15);
        Lease taken = await("another replica takes the lease").atMost(Duration.ofSeconds(leaseSeconds + 60))
                .pollInterval(Duration.ofSeconds(1))
                .until(this::lease, l -> l != null && holderPod(l).filter(p -> !p.equals(leader)).isPresent());
        log("new leader %s", taken.getSpec().getHolderIdentity());

        ops.createNamespace(leaderNs, Map.of());
        ops.createCluster(leaderNs, Specs.devExample(REPO, env));
        ops.awaitReady(leaderNs, DEV, READY);
    }

    @Test
    @Order(13)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void deletingClustersCollectsTheirObjectsAndHelmUninstallRemovesTheOperator() {
        for (String ns : List.of(devNs, leaderNs)) {
            if (ops.cluster(ns, DEV).isEmpty()) {
                continue;
            }
            ops.deleteCluster(ns, DEV);
            await("objects of " + ns + "/" + DEV + " garbage-collected").atMost(Duration.ofMinutes(3))
                    .pollInterval(ClusterOps.POLL).until(() -> ownedObjectCount(ns, DEV) == 0);
        }
        String output = Helm.uninstall(release).withNamespace(operatorNs).withKubeConfig(env.kubeconfig()).call();
        installed = false;
        log("helm uninstall: %s", output.strip());
        await("operator Deployment gone").atMost(Duration.ofMinutes(2)).pollInterval(ClusterOps.POLL)
                .until(() -> client.apps().deployments().inNamespace(operatorNs).list().getItems().isEmpty());
        // helm never deletes CRDs it installed from crds/ (docs/OPERATOR.md says so too)
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(KubectlCapture.CRD).get())
                .as("CRD left in place by helm uninstall").isNotNull();
    }

    @AfterAll
    void cleanUp() {
        if (client == null) {
            return;
        }
        if (skipReason != null) {
            client.close();
            return;
        }
        log("clean-up of run %s", run);
        for (String ns : List.of(devNs, haNs, freezeNs, restrictedNs, securedNs, leaderNs)) {
            if (client.namespaces().withName(ns).get() != null) {
                client.namespaces().withName(ns).delete();
            }
        }
        for (String ns : List.of(devNs, haNs, freezeNs, restrictedNs, securedNs, leaderNs)) {
            ops.deleteNamespace(ns, Duration.ofMinutes(3));
        }
        try {
            Helm.uninstall(release).withNamespace(operatorNs).withKubeConfig(env.kubeconfig()).ignoreNotFound().call();
        } catch (RuntimeException e) {
            log("clean-up: helm uninstall %s: %s", release, e.getMessage());
        }
        ops.deleteNamespace(operatorNs, Duration.ofMinutes(2));
        if (deleteCrdAtEnd) {
            try {
                client.apiextensions().v1().customResourceDefinitions().withName(KubectlCapture.CRD).delete();
                log("CRD %s deleted (this run installed it)", KubectlCapture.CRD);
            } catch (RuntimeException e) {
                log("clean-up: CRD %s: %s", KubectlCapture.CRD, e.getMessage());
            }
        }
        if (deleteCrdAtEnd && !userCrdExistedBefore) {
            try {
                client.apiextensions().v1().customResourceDefinitions().withName(USER_CRD).delete();
                log("CRD %s deleted (this run installed it)", USER_CRD);
            } catch (RuntimeException e) {
                log("clean-up: CRD %s: %s", USER_CRD, e.getMessage());
            }
        }
        client.close();
    }

    // ---- scenario pieces ----

    /** Produces {@code count} messages with one Job and reads them all back with another, in {@code namespace}. */
    private void roundTrip(String namespace, String cluster, String runId, int count) {
        String namesrv = nameServerAddress(ops.cluster(namespace, cluster).orElseThrow());
        String topic = "E2E" + runId.toUpperCase(Locale.ROOT);
        ops.startJob(ClientJobs.job(namespace, runId + "-producer", env.image("e2e-client"), List.of("produce",
                "--namesrv", namesrv, "--topic", topic, "--count", Integer.toString(count), "--run-id", runId), JOB));
        ClusterOps.JobResult produced = ops.awaitJob(namespace, runId + "-producer", JOB);
        ClientReport sent = ClientReport.parse(runId, produced.log());
        assertThat(produced.succeeded()).as("producer log:\n%s", produced.log()).isTrue();
        assertThat(sent.acked()).isEqualTo(SequenceRanges.firstN(count));
        ClientReport got = consume(namespace, runId + "-consumer", namesrv, topic, runId, sent.acked(), 0);
        assertThat(got.received()).isEqualTo(sent.acked());
    }

    private ClientReport consume(String namespace, String job, String namesrv, String topic, String runId,
            SequenceRanges expected, int paceMillis) {
        ops.startJob(ClientJobs.job(namespace, job, env.image("e2e-client"), List.of("consume", "--namesrv", namesrv,
                "--topic", topic, "--group", "e2e-" + job, "--run-id", runId, "--sequences", expected.toString(),
                "--pace-ms", Integer.toString(paceMillis), "--timeout", "180"), JOB));
        ClusterOps.JobResult result = ops.awaitJob(namespace, job, JOB);
        ClientReport got = ClientReport.parse(runId, result.log());
        log("%s: %s, missing %s", job, got.consumed(), got.reportedMissing());
        assertThat(result.succeeded()).as("consumer log tail:\n%s", ClusterOps.tail(result.log(), 20)).isTrue();
        return got;
    }

    /** The highest sequence the producer Job has printed an ACK for so far (-1 before the first). */
    private int highestAcked(String namespace, String job, String runId) {
        return ClientReport.parse(runId, ops.jobLog(namespace, job)).acked().toBitSet().length() - 1;
    }

    private SharedIndexInformer<Pod> watchPods(String namespace, String cluster, PodReplacements replacements) {
        return client.pods().inNamespace(namespace).withLabel(ClusterOps.INSTANCE_LABEL, cluster)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        replacements.seen(pod.getMetadata().getName(), pod.getMetadata().getUid(), Instant.now());
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        replacements.seen(pod.getMetadata().getName(), pod.getMetadata().getUid(), Instant.now());
                    }

                    @Override
                    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                        // the replacement's onAdd tells
                    }
                });
    }

    private Optional<String> storageClass() {
        return client.storage().v1().storageClasses().list().getItems().stream()
                .filter(sc -> sc.getMetadata().getAnnotations() != null && ("true".equals(sc.getMetadata()
                        .getAnnotations().get("storageclass.kubernetes.io/is-default-class")) || "true".equals(
                        sc.getMetadata().getAnnotations().get("storageclass.beta.kubernetes.io/is-default-class"))))
                .map(StorageClass::getMetadata).map(m -> m.getName()).findFirst();
    }

    private Deployment operatorDeployment() {
        return client.apps().deployments().inNamespace(operatorNs).list().getItems().stream().findFirst()
                .orElseThrow(() -> new AssertionError("no operator Deployment in " + operatorNs));
    }

    private List<String> runningOperatorPods() {
        return client.pods().inNamespace(operatorNs).withLabel("app.kubernetes.io/instance", release).list()
                .getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                        && "Running".equals(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getName()).toList();
    }

    private Lease lease() {
        return client.resources(Lease.class).inNamespace(operatorNs).withName(LEASE).get();
    }

    /** The operator pod holding the lease: fabric8's identity is the pod's host name, possibly with a suffix. */
    private Optional<String> holderPod(Lease lease) {
        String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        if (holder == null || holder.isBlank()) {
            return Optional.empty();
        }
        return client.pods().inNamespace(operatorNs).withLabel("app.kubernetes.io/instance", release).list()
                .getItems().stream().map(p -> p.getMetadata().getName())
                .filter(name -> holder.equals(name) || holder.startsWith(name)).findFirst();
    }

    private Optional<StatefulSet> statefulSet(String namespace, String name) {
        return Optional.ofNullable(client.apps().statefulSets().inNamespace(namespace).withName(name).get());
    }

    private Map<String, String> templateAnnotations(String namespace, String statefulSet) {
        Map<String, String> annotations = statefulSet(namespace, statefulSet).orElseThrow().getSpec().getTemplate()
                .getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private int ownedObjectCount(String namespace, String cluster) {
        return client.apps().statefulSets().inNamespace(namespace).withLabel(ClusterOps.INSTANCE_LABEL, cluster).list()
                .getItems().size()
                + client.services().inNamespace(namespace).withLabel(ClusterOps.INSTANCE_LABEL, cluster).list()
                .getItems().size()
                + client.configMaps().inNamespace(namespace).withLabel(ClusterOps.INSTANCE_LABEL, cluster).list()
                .getItems().size()
                + ops.clusterPods(namespace, cluster).size();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(Map<String, Object> cluster) {
        return (Map<String, Object>) cluster.getOrDefault("status", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotations(Map<String, Object> cluster) {
        return (Map<String, Object>) ((Map<String, Object>) cluster.get("metadata")).getOrDefault("annotations",
                Map.of());
    }

    private static String nameServerAddress(Map<String, Object> cluster) {
        Object address = status(cluster).get("nameServerAddress");
        assertThat(address).as("status.nameServerAddress").isNotNull();
        return address.toString();
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        Random random = new Random();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
