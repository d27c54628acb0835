package io.cometmq.operator.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.PullPolicy;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.Ports;
import io.cometmq.operator.controller.BrokerClusterReconciler;
import io.cometmq.operator.controller.ReconcilerSettings;
import io.cometmq.operator.remoting.NameServerRegistrationSource;
import io.cometmq.operator.remoting.RemotingAdmin;
import io.cometmq.operator.remoting.RemotingGroupDrainer;
import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end on a real Kubernetes: k3s in Docker (Testcontainers), the CRD from {@code crds/}, this operator
 * running in the test JVM against k3s's API server, {@code examples/dev-cluster.yaml} with the {@code :dev}
 * images, then one message sent and received with the Apache RocketMQ client.
 *
 * <p>Nothing is ever pulled. The test is skipped, with the reason, when there is no Docker engine, when
 * {@link #K3S_IMAGE} or one of the CometMQ images is not in the local Docker, or when k3s's own system images
 * (pause, coredns) cannot be provided offline: set {@code COMETMQ_K3S_AIRGAP_IMAGES} to the
 * {@code k3s-airgap-images-amd64.tar} of the same k3s release. On a machine that can reach the registries,
 * {@code COMETMQ_E2E_ALLOW_PULL=true} lets Testcontainers and k3s pull instead.
 *
 * <p>Reaching the brokers from the test JVM: brokers advertise their pod DNS names
 * ({@code dev-broker-0-master-0.dev-broker-0-master.<ns>.svc.cluster.local:10911}), which do not resolve
 * outside the cluster. The test port-forwards the NameServer pod and the master pod through the API server,
 * and puts a small remoting proxy in front of the forwarded NameServer that rewrites each advertised broker
 * address in route answers to its local forward. The Apache client is pointed at that proxy.
 */
class K3sClusterE2EIT {
    private static final Logger LOG = LoggerFactory.getLogger(K3sClusterE2EIT.class);

    /** The one k3s release this test is written for; it must already be in the local Docker. */
    static final String K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";
    static final String NAMESERVER_IMAGE = "cometmq/nameserver:dev";
    static final String BROKER_IMAGE = "cometmq/broker:dev";
    static final String NAMESPACE = "cometmq-e2e";
    static final String AIRGAP_ENV = "COMETMQ_K3S_AIRGAP_IMAGES";
    static final String ALLOW_PULL_ENV = "COMETMQ_E2E_ALLOW_PULL";

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void devClusterBecomesReadyAndCarriesAMessage() throws Exception {
        boolean allowPull = Boolean.parseBoolean(System.getenv(ALLOW_PULL_ENV));
        skipUnless(dockerAvailable(), "Skipped: no Docker engine is reachable (DOCKER_HOST or /var/run/docker.sock).");
        DockerClient docker = DockerClientFactory.instance().client();
        skipUnless(allowPull || imagePresent(docker, K3S_IMAGE), "Skipped: image " + K3S_IMAGE
                + " is not in the local Docker and pulling is off (set " + ALLOW_PULL_ENV + "=true to allow it).");
        for (String image : List.of(NAMESERVER_IMAGE, BROKER_IMAGE)) {
            skipUnless(imagePresent(docker, image), "Skipped: image " + image
                    + " is not in the local Docker; build the CometMQ images first.");
        }
        Path airgap = System.getenv(AIRGAP_ENV) == null ? null : Path.of(System.getenv(AIRGAP_ENV));
        skipUnless(allowPull || (airgap != null && Files.isReadable(airgap)), "Skipped: k3s needs its system images "
                + "(pause, coredns) offline; set " + AIRGAP_ENV + " to the k3s-airgap-images tar of " + K3S_IMAGE
                + " (or " + ALLOW_PULL_ENV + "=true).");

        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE))) {
            if (airgap != null && Files.isReadable(airgap)) {
                // k3s imports every tar in this directory at start-up, before it needs pause or coredns
                k3s.withCopyFileToContainer(MountableFile.forHostPath(airgap),
                        "/var/lib/rancher/k3s/agent/images/" + airgap.getFileName());
            }
            k3s.start();
            for (String image : List.of(NAMESERVER_IMAGE, BROKER_IMAGE)) {
                loadIntoK3s(docker, k3s, image);
                skipUnless(presentInK3s(k3s, image), "Skipped: image " + image + " could not be loaded into the k3s node.");
            }
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                runScenario(client);
            }
        }
    }

    private void runScenario(KubernetesClient client) throws Exception {
        applyCrd(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();

        try (RemotingAdmin admin = new RemotingAdmin()) {
            Operator operator = new Operator(o -> o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false));
            // From outside the cluster the NameServer DNS names do not resolve, so registration reads "unknown".
            ReconcilerSettings settings = ReconcilerSettings.defaults()
                    .withRegistrations(new NameServerRegistrationSource(admin))
                    .withDrainer(new RemotingGroupDrainer(admin))
                    .withRecheck(Duration.ofSeconds(5), Duration.ofSeconds(30));
            operator.register(new BrokerClusterReconciler(settings), o -> o.settingNamespaces(NAMESPACE));
            operator.start();
            try {
                BrokerCluster cluster = devCluster(client);
                client.resource(cluster).create();
                String name = cluster.getMetadata().getName();
                await("BrokerCluster " + name + " Ready").atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(3))
                        .until(() -> ready(client, name));
                produceAndConsume(client, new Names(name, NAMESPACE, Names.DEFAULT_CLUSTER_DOMAIN));
            } finally {
                operator.stop();
            }
        }
    }

    private static void applyCrd(KubernetesClient client) throws Exception {
        Path file = Path.of(System.getProperty("crds.dir", "../crds"), "brokerclusters.cometmq.io-v1.yml");
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(file)) {
            crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        }
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                        60, TimeUnit.SECONDS);
    }

    /** examples/dev-cluster.yaml with the locally built images, which must never be pulled. */
    private static BrokerCluster devCluster(KubernetesClient client) throws Exception {
        Path file = Path.of(System.getProperty("examples.dir", "../examples"), "dev-cluster.yaml");
        BrokerCluster cluster;
        try (InputStream in = Files.newInputStream(file)) {
            cluster = client.getKubernetesSerialization().unmarshal(in, BrokerCluster.class);
        }
        cluster.getMetadata().setNamespace(NAMESPACE);
        cluster.getSpec().getImages().setNameServer(NAMESERVER_IMAGE);
        cluster.getSpec().getImages().setBroker(BROKER_IMAGE);
        cluster.getSpec().getImages().setPullPolicy(PullPolicy.Never);
        return cluster;
    }

    private static boolean ready(KubernetesClient client, String name) {
        BrokerCluster bc = client.resources(BrokerCluster.class).inNamespace(NAMESPACE).withName(name).get();
        if (bc == null || bc.getStatus() == null) {
            return false;
        }
        LOG.info("{}: phase={} conditions={}", name, bc.getStatus().getPhase(), bc.getStatus().getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList());
        return Conditions.isTrue(bc.getStatus().getConditions(), Conditions.READY);
    }

    private static void produceAndConsume(KubernetesClient client, Names names) throws Exception {
        String masterPod = names.brokerPod(0, BrokerRole.MASTER, 0);
        try (LocalPortForward nameServer = client.pods().inNamespace(NAMESPACE).withName(names.nameServerPod(0))
                        .portForward(Ports.NAMESERVER);
                LocalPortForward master = client.pods().inNamespace(NAMESPACE).withName(masterPod)
                        .portForward(Ports.BROKER_REMOTING);
                RewritingNameServerProxy proxy = new RewritingNameServerProxy("127.0.0.1:" + nameServer.getLocalPort(),
                        Map.of(names.brokerHost(0, BrokerRole.MASTER, 0) + ":" + Ports.BROKER_REMOTING,
                                "127.0.0.1:" + master.getLocalPort()))) {
            String topic = "E2ETopic";
            DefaultMQProducer producer = new DefaultMQProducer("e2e-producer");
            producer.setNamesrvAddr(proxy.address());
            producer.setVipChannelEnabled(false);
            producer.setSendMsgTimeout(10_000);
            producer.start();
            DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("e2e-consumer");
            try {
                // the first send goes through the TBW102 route and lets the broker create the topic
                SendResult sent = await("first send").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptions().until(() -> producer.send(new Message(topic, "TagA", "hello from k3s".getBytes())),
                                r -> r.getSendStatus() == SendStatus.SEND_OK);
                LOG.info("sent {}", sent);

                Queue<String> received = new ConcurrentLinkedQueue<>();
                consumer.setNamesrvAddr(proxy.address());
                consumer.setVipChannelEnabled(false);
                consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
                consumer.subscribe(topic, "*");
                consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                    messages.forEach(m -> received.add(new String(m.getBody())));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
                consumer.start();
                await("message received").atMost(Duration.ofMinutes(2)).until(() -> received.contains("hello from k3s"));
            } finally {
                consumer.shutdown();
                producer.shutdown();
            }
        }
    }

    // ---- Docker and k3s helpers ----

    /** An assumption that also says on the console why the test does not run. */
    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            LOG.warn("K3sClusterE2EIT: {}", reason);
        }
        assumeTrue(condition, reason);
    }

    /** Testcontainers' own check; with pitfall-6 settings it returns within a second when there is no engine. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.info("no Docker: {}", e.toString());
            return false;
        }
    }

    static boolean imagePresent(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** docker save on the host, then ctr import in the k3s node's containerd (namespace k8s.io). */
    private static void loadIntoK3s(DockerClient docker, K3sContainer k3s, String image) throws Exception {
        Path tar = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "cometmq-image-", ".tar");
        try {
            try (InputStream saved = docker.saveImageCmd(image).exec()) {
                Files.copy(saved, tar, StandardCopyOption.REPLACE_EXISTING);
            }
            String inNode = "/tmp/" + tar.getFileName();
            k3s.copyFileToContainer(MountableFile.forHostPath(tar), inNode);
            ExecResult result = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", inNode);
            LOG.info("import {}: exit {} {}{}", image, result.getExitCode(), result.getStdout(), result.getStderr());
            k3s.execInContainer("rm", "-f", inNode);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static boolean presentInK3s(K3sContainer k3s, String image) throws Exception {
        ExecResult list = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "ls", "-q");
        return list.getStdout().lines().anyMatch(line -> line.equals(image) || line.equals("docker.io/" + image));
    }
}
