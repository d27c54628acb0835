package io.cometmq.e2e.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test's Kubernetes plumbing ({@link ClusterOps}, {@link KubectlCapture}'s rendering path) against
 * the fabric8 mock server in CRUD mode with the CRD from {@code crds/}: the one fake the project allows for the
 * Kubernetes API. Here the test plays the operator and the Job controller by writing status itself.
 */
class ClusterOpsIT {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final String NS = "e2e-mock";

    KubernetesMockServer server;
    KubernetesClient client;
    ClusterOps ops;

    @BeforeEach
    void startServer() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
        try (InputStream crd = Files.newInputStream(REPO.resolve("crds/brokerclusters.cometmq.io-v1.yml"))) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
                    .create();
        }
        ops = new ClusterOps(client);
        ops.createNamespace(NS, Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    @Test
    void theReadyPodsOfAServiceComeFromItsEndpointSlices() {
        String ns = "grpc";
        client.resource(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder()
                .withNewMetadata().withName("dev-grpc-abc12").withNamespace(ns)
                    .addToLabels("kubernetes.io/service-name", "dev-grpc").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.0.0.5").withNewConditions().withReady(true).endConditions()
                    .withNewTargetRef().withKind("Pod").withName("dev-broker-0-master-0").endTargetRef().endEndpoint()
                .addNewEndpoint().withAddresses("10.0.0.6").withNewConditions().withReady(false).endConditions()
                    .withNewTargetRef().withKind("Pod").withName("dev-broker-0-slave-0").endTargetRef().endEndpoint()
                .build()).create();
        client.resource(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder()
                .withNewMetadata().withName("other-x").withNamespace(ns)
                    .addToLabels("kubernetes.io/service-name", "other").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.0.0.7")
                    .withNewTargetRef().withKind("Pod").withName("other-0").endTargetRef().endEndpoint()
                .build()).create();

        assertThat(ops.readyEndpointPods(ns, "dev-grpc")).containsExactly("dev-broker-0-master-0");
        assertThat(ops.readyEndpointPods(ns, "missing")).isEmpty();
        assertThat(ops.service(ns, "dev-grpc")).isEmpty();
    }

    @Test
    void clustersAreCreatedPatchedAndReadAsPlainMaps() throws Exception {
        E2eEnvironment env = new E2eEnvironment(Path.of("kubeconfig"), "9.9", "cometmq/", Optional.empty(), REPO);
        ops.createCluster(NS, Specs.devExample(REPO, env));
        assertThat(client.namespaces().withName(NS).get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");

        ops.mergePatch(NS, "dev",
                "{\"spec\":{\"broker\":{\"groups\":2,\"config\":{\"flushDiskTyp\":\"SYNC_FLUSH\"}}}}");
        Map<String, Object> patched = ops.cluster(NS, "dev").orElseThrow();
        Map<String, Object> broker = broker(patched);
        assertThat(broker).containsEntry("groups", 2);
        assertThat(config(broker)).containsEntry("flushDiskTyp", "SYNC_FLUSH")
                .containsEntry("autoCreateTopicEnable", "true");
        assertThat(images(patched)).containsEntry("broker", "cometmq/broker:9.9");

        ops.jsonPatch(NS, "dev", "[{\"op\":\"remove\",\"path\":\"/spec/broker/config/flushDiskTyp\"}]");
        assertThat(config(broker(ops.cluster(NS, "dev").orElseThrow()))).doesNotContainKey("flushDiskTyp")
                .containsEntry("autoCreateTopicEnable", "true");
        assertThat(ops.clusters(NS)).hasSize(1);
        ops.deleteCluster(NS, "dev");
        assertThat(ops.cluster(NS, "dev")).isEmpty();
    }

    @Test
    void waitsForAConditionOfTheCurrentGenerationAndCapturesGetAndDescribe(@TempDir Path out) throws Exception {
        E2eEnvironment env = new E2eEnvironment(Path.of("kubeconfig"), "0.1.0", "cometmq/", Optional.empty(), REPO);
        KubectlCapture capture = new KubectlCapture(ops, Path.of("kubeconfig"), out, Optional.empty());
        try (KubectlCapture.Watch watch = capture.watchGet(NS)) {
            captureWhileStarting(watch, env);
        }
        assertThat(Files.readString(out.resolve("get.txt"))).startsWith("$ kubectl get bc -n " + NS + " -w\n# rendered")
                // (a first row of <none> appears when the poll sees the cluster before any status, as kubectl -w does)
                .containsPattern("NAME +READY +NAMESERVERS +GROUPS +PHASE +MASTERS +AGE\n")
                // status written here has no masters, so that column is <none>
                .containsPattern("dev +False +0/1 +0/1 +Creating +<none> +\\d+s\n")
                .containsPattern("dev +True +1/1 +1/1 +Running +<none> +\\d+s\n");
        describeWithEvents(capture, out);
    }

    private void captureWhileStarting(KubectlCapture.Watch watch, E2eEnvironment env) throws Exception {
        ops.createCluster(NS, Specs.devExample(REPO, env));
        writeStatus("Creating", "False", "0/1");
        await("Creating row captured").atMost(Duration.ofSeconds(20)).until(() -> watch.output().contains("Creating"));
        writeStatus("Running", "True", "1/1");
        Map<String, Object> ready = ops.awaitReady(NS, "dev", Duration.ofSeconds(30));
        assertThat(Specs.summary(ready)).isEqualTo("phase=Running Ready=True/ClusterReady");
        await("Running row captured").atMost(Duration.ofSeconds(20)).until(() -> watch.output().contains("Running"));
        watch.save("get.txt");
    }

    private void describeWithEvents(KubectlCapture capture, Path out) throws Exception {
        String uid = client.genericKubernetesResources(ClusterOps.BROKER_CLUSTERS).inNamespace(NS).withName("dev")
                .get().getMetadata().getUid();
        String now = Instant.now().toString();
        client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata().withName("dev.1")
                .endMetadata().withNewInvolvedObject().withKind("BrokerCluster").withName("dev").withUid(uid)
                .endInvolvedObject().withType("Normal").withReason("ClusterReady").withMessage("1 NameServers ready")
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).withNewSource()
                .withComponent("cometmq-operator").endSource().build()).create();
        capture.describe(NS, "dev", "describe.txt");
        assertThat(Files.readString(out.resolve("describe.txt")))
                .startsWith("$ kubectl describe bc dev -n " + NS + "\n# rendered")
                .contains("Name:         dev\nNamespace:    " + NS + "\n")
                .contains("    Broker:       cometmq/broker:0.1.0\n")
                .contains("  Phase:                  Running\n")
                .containsPattern("  Normal  ClusterReady  \\d+s +cometmq-operator  1 NameServers ready\n");
    }

    @Test
    void jobsAreStartedAndTheirOutcomeRead() {
        Job job = ClientJobs.job(NS, "rt-producer", "cometmq/e2e-client:0.1.0", List.of("produce"),
                Duration.ofMinutes(1));
        ops.startJob(job);
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("rt-producer-x1")
                .withLabels(Map.of(ClientJobs.LABEL, "rt-producer")).endMetadata().build()).create();
        assertThat(ops.awaitJobPod(NS, "rt-producer", Duration.ofSeconds(10)).getMetadata().getName())
                .isEqualTo("rt-producer-x1");
        Job done = client.batch().v1().jobs().inNamespace(NS).withName("rt-producer").get();
        done.setStatus(new JobStatusBuilder().withFailed(1).build());
        client.batch().v1().jobs().inNamespace(NS).resource(done).updateStatus();
        ClusterOps.JobResult result = ops.awaitJob(NS, "rt-producer", Duration.ofSeconds(10));
        assertThat(result.succeeded()).isFalse(); // (the mock server has no pod logs to check)
    }

    @Test
    void securedPiecesUsersTheirStatusAndSecretValuesAreReadAsAUserWould() throws Exception {
        try (InputStream crd = Files.newInputStream(REPO.resolve("crds/brokerusers.cometmq.io-v1.yml"))) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
                    .create();
        }
        E2eEnvironment env = new E2eEnvironment(Path.of("kubeconfig"), "9.9", "cometmq/", Optional.empty(), REPO);
        Map<String, Object> secured = Specs.secured(REPO, Specs.devExample(REPO, env), "secured");
        ops.createCluster(NS, secured);
        @SuppressWarnings("unchecked")
        Map<String, Object> security = (Map<String, Object>) Specs.spec(ops.cluster(NS, "secured").orElseThrow())
                .get("security");
        assertThat(security).containsEntry("authentication", true).containsKey("tls");

        ops.createUser(NS, Specs.brokerUser("e2e-app", "secured", "T", "G"));
        GenericKubernetesResource user = client.genericKubernetesResources(ClusterOps.BROKER_USERS).inNamespace(NS)
                .withName("e2e-app").get();
        user.setAdditionalProperty("status", Map.of("brokers", "1/1", "conditions", List.of(Map.of("type", "Ready",
                "status", "True", "reason", "Applied", "observedGeneration", 1))));
        client.genericKubernetesResources(ClusterOps.BROKER_USERS).inNamespace(NS).resource(user).updateStatus();
        Map<String, Object> ready = ops.awaitUser(NS, "e2e-app", "Ready=True", Duration.ofSeconds(10),
                u -> Specs.hasCondition(u, "Ready", "True"));
        assertThat(ready.get("status").toString()).contains("brokers=1/1");
        assertThat(ops.yaml(ClusterOps.BROKER_USERS, NS, "e2e-app")).contains("username: \"e2e-app\"")
                .contains("Topic:T");

        String pem = "-----BEGIN PRIVATE KEY-----\n" + "A".repeat(64) + "\nBBBB\n-----END PRIVATE KEY-----\n";
        Base64.Encoder base64 = Base64.getEncoder();
        // data, base64 as the API server stores it (the mock server does not turn stringData into data)
        client.secrets().inNamespace(NS).resource(new SecretBuilder()
                .withNewMetadata().withName("s").endMetadata()
                .addToData(Map.of("password", base64.encodeToString("p4ssw0rd-long".getBytes(UTF_8)),
                        "username", base64.encodeToString("admin".getBytes(UTF_8)),
                        "tls.key", base64.encodeToString(pem.getBytes(UTF_8)))).build())
                .create();
        assertThat(ops.secretValues(NS, "s", "password", "username", "tls.key")).containsExactly(
                Map.entry("s/password", "p4ssw0rd-long"), Map.entry("s/tls.key line 1", "A".repeat(64)));
        assertThatThrownBy(() -> ops.secretValues(NS, "s", "secretKey"))
                .hasMessage("Secret e2e-mock/s has no key secretKey");

        client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata().withName("e1")
                .endMetadata().withReason("Applied").withMessage("user e2e-app applied on 1/1 masters").build())
                .create();
        assertThat(ops.eventsYaml(NS)).contains("user e2e-app applied on 1/1 masters");
    }

    @Test
    void failoverFieldsOfStatusAreAwaitedAndContainerRestartsCounted() throws Exception {
        E2eEnvironment env = new E2eEnvironment(Path.of("kubeconfig"), "0.1.0", "cometmq/", Optional.empty(), REPO);
        ops.createCluster(NS, Specs.failover(Specs.devExample(REPO, env), "fz", "20s"));
        GenericKubernetesResource resource = client.genericKubernetesResources(ClusterOps.BROKER_CLUSTERS)
                .inNamespace(NS).withName("fz").get();
        // what the operator reports after a failover: the slave pod is master under epoch 2, the old one a slave
        resource.setAdditionalProperty("status", Map.of("groups", List.of(Map.of("index", 0,
                "master", "fz-broker-0-slave-0", "epoch", 2, "brokers", List.of(
                        Map.of("pod", "fz-broker-0-master-0", "brokerId", 5, "registered", true),
                        Map.of("pod", "fz-broker-0-slave-0", "brokerId", 0, "registered", true))))));
        client.genericKubernetesResources(ClusterOps.BROKER_CLUSTERS).inNamespace(NS).resource(resource)
                .updateStatus();

        Map<String, Object> after = ops.awaitCluster(NS, "fz", "old master a registered slave",
                Duration.ofSeconds(10), c -> FailoverStatus.master(c, 0).filter("fz-broker-0-slave-0"::equals)
                        .isPresent() && FailoverStatus.isRegisteredSlave(c, 0, "fz-broker-0-master-0"));
        assertThat(FailoverStatus.epoch(after, 0)).hasValue(2);

        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("fz-broker-0-master-0")
                .endMetadata().withNewStatus().addNewContainerStatus().withName(BrokerFreeze.CONTAINER)
                .withRestartCount(3).endContainerStatus().addNewContainerStatus().withName("sidecar")
                .withRestartCount(1).endContainerStatus().endStatus().build()).create();
        assertThat(ops.restartCount(NS, "fz-broker-0-master-0", BrokerFreeze.CONTAINER)).isEqualTo(3);
        assertThat(ops.restartCount(NS, "fz-broker-0-slave-0", BrokerFreeze.CONTAINER)).isZero();
    }

    private void writeStatus(String phase, String ready, String counts) {
        GenericKubernetesResource resource = client.genericKubernetesResources(ClusterOps.BROKER_CLUSTERS)
                .inNamespace(NS).withName("dev").get();
        long generation = resource.getMetadata().getGeneration() == null ? 1 : resource.getMetadata().getGeneration();
        resource.setAdditionalProperty("status", Map.of("observedGeneration", generation, "phase", phase,
                "nameServers", counts, "groupsReady", counts, "conditions", List.of(Map.of("type", "Ready",
                        "status", ready, "reason", "True".equals(ready) ? "ClusterReady" : "BrokersNotReady",
                        "observedGeneration", generation))));
        client.genericKubernetesResources(ClusterOps.BROKER_CLUSTERS).inNamespace(NS).resource(resource)
                .updateStatus();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> broker(Map<String, Object> cluster) {
        return (Map<String, Object>) Specs.spec(cluster).get("broker");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> broker) {
        return (Map<String, Object>) broker.get("config");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> images(Map<String, Object> cluster) {
        return (Map<String, Object>) Specs.spec(cluster).get("images");
    }
}
