package io.cometmq.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Ulimit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The images as the operator runs them: {@code scripts/build-images.sh} builds the NameServer, broker and operator
 * images from the fat jars (on the local Debian JRE base, no registry), then a NameServer, a SYNC_MASTER and its
 * slave run in containers with host networking on loopback ports, configured the way the operator's StatefulSets
 * configure them: config files at {@code /etc/cometmq/*.conf}, store under {@code /var/lib/cometmq}, brokerId from
 * {@code COMETMQ_BROKER_ID_BASE} + the pod ordinal, brokerIP1 from {@code COMETMQ_ADVERTISED_HOST}, the nofile
 * target, heap in {@code JAVA_OPTS}. The Apache client sends and consumes; the master is stopped with SIGTERM and a
 * new consumer group reads every message from the slave.
 *
 * <p>Skipped, with the reason, when no Docker engine answers ({@code scripts/ci-docker.sh} starts one) or the
 * base image cannot be built.
 */
class ContainerClusterIT {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final String NAMESERVER_IMAGE = "cometmq/nameserver:dev";
    static final String BROKER_IMAGE = "cometmq/broker:dev";
    static final String OPERATOR_IMAGE = "cometmq/operator:dev";
    static final String CLUSTER = "it";
    static final int MESSAGES = 100;

    /** The hard nofile limit of this process, which a dockerd started from the same environment has too. */
    static final long HARD_NOFILE = hardNofile();

    static DockerClient docker;

    /** Why the tests cannot run here, or null; decided once, reported by every test as its skip reason. */
    static String skipReason;

    @BeforeAll
    static void buildImages() throws Exception {
        boolean dockerUp;
        try {
            dockerUp = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            dockerUp = false;
        }
        if (!dockerUp) {
            skip("no Docker engine answers (run scripts/ci-docker.sh as root to install and start one)");
            return;
        }
        docker = DockerClientFactory.instance().client();

        long start = System.nanoTime();
        ProcessBuilder build = new ProcessBuilder("bash", REPO.resolve("scripts/build-images.sh").toString())
                .directory(REPO.toFile()).redirectErrorStream(true);
        Process process = build.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/build-images.sh did not finish within 20 minutes:\n" + output);
        }
        System.out.print(output);
        if (process.exitValue() == 3) {
            skip("the images cannot be built here: " + output.strip().replace('\n', ' '));
            return;
        }
        assertThat(process.exitValue()).as("scripts/build-images.sh exit code; output:\n%s", output).isZero();
        System.out.printf("images built or reused in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    private static void skip(String reason) {
        skipReason = reason;
        System.out.println("ContainerClusterIT SKIPPED: " + reason);
    }

    @BeforeEach
    void skipWhenImagesAreMissing() {
        assumeTrue(skipReason == null, () -> "Skipped: " + skipReason);
    }

    /** What the operator relies on in every image: non-root user, entrypoint, and sh + cat for the sysctl script. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void imagesRunAsNonRootAndCarryWhatTheOperatorNeeds() {
        for (String image : List.of(NAMESERVER_IMAGE, BROKER_IMAGE, OPERATOR_IMAGE)) {
            var config = docker.inspectImageCmd(image).exec().getConfig();
            assertThat(config.getUser()).as("USER of %s", image).isEqualTo("10001:10001");
            assertThat(config.getEntrypoint()).as("ENTRYPOINT of %s", image).startsWith("/bin/bash");
        }
        // the operator's sysctl init container runs `sh -c <script>` in the broker image as root
        String sysctl = runOnce(BROKER_IMAGE, List.of("sh", "-c",
                "echo max_map_count=$(cat /proc/sys/vm/max_map_count); id -u"), "0");
        assertThat(sysctl).containsPattern("max_map_count=\\d+").contains("\n0");
        // the operator image starts its JVM through the entrypoint
        String version = runOnce(OPERATOR_IMAGE, null, null, "--version");
        assertThat(version).contains("cometmq-operator").contains("cometmq-entrypoint: nofile soft limit");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void masterSlaveClusterKeepsServingReadsFromTheSlaveWhenTheMasterStops() throws Exception {
        int nameServerPort = freePort();
        int masterPort = freePort();
        int masterHaPort = freePort();
        int slavePort = freePort();
        int slaveHaPort = freePort();
        String namesrvAddr = "127.0.0.1:" + nameServerPort;

        ToStringConsumer nameServerLog = new ToStringConsumer();
        ToStringConsumer masterLog = new ToStringConsumer();
        ToStringConsumer slaveLog = new ToStringConsumer();
        List<GenericContainer<?>> started = new ArrayList<>();
        try {
            GenericContainer<?> nameServer = new GenericContainer<>(DockerImageName.parse(NAMESERVER_IMAGE))
                    .withNetworkMode("host")
                    .withCopyToContainer(Transferable.of(properties("NameServer", Map.of(
                            "listenHost", "127.0.0.1", "listenPort", Integer.toString(nameServerPort))), 0644),
                            "/etc/cometmq/namesrv.conf")
                    .withEnv("POD_NAME", CLUSTER + "-nameserver-0")
                    .withEnv("JAVA_OPTS", "-Xms128m -Xmx128m")
                    .withCommand("--config", "/etc/cometmq/namesrv.conf")
                    .withLogConsumer(nameServerLog)
                    .waitingFor(Wait.forLogMessage(".*listening on.*\\n", 1).withStartupTimeout(Duration.ofSeconds(90)));
            started.add(nameServer);
            nameServer.start();

            GenericContainer<?> master = broker("master", 0, 0, namesrvAddr, masterPort, masterHaPort, masterLog);
            started.add(master);
            master.start();
            GenericContainer<?> slave = broker("slave", 1, 1, namesrvAddr, slavePort, slaveHaPort, slaveLog);
            started.add(slave);
            slave.start();

            // the broker image contract: brokerId = base + ordinal, brokerIP1 = COMETMQ_ADVERTISED_HOST, nofile raised
            assertThat(masterLog.toUtf8String())
                    .contains("cometmq-entrypoint: brokerId=0 (base 0 + ordinal 0 of it-broker-0-master-0)")
                    .contains("cometmq-entrypoint: nofile soft limit " + HARD_NOFILE + " (hard " + HARD_NOFILE + ", target 655350)")
                    .contains("open file limit (nofile): " + HARD_NOFILE)
                    .contains("(id 0, SYNC_MASTER) listening on 127.0.0.1:" + masterPort);
            assertThat(slaveLog.toUtf8String())
                    .contains("cometmq-entrypoint: brokerId=2 (base 1 + ordinal 1 of it-broker-0-slave-1)")
                    .contains("(id 2, SLAVE) listening on 127.0.0.1:" + slavePort);
            await("slave connected to the master's HA port").atMost(Duration.ofSeconds(60))
                    .until(() -> masterLog.toUtf8String().contains("slave /127.0.0.1"));

            String topic = "ContainerIT";
            Map<String, String> sent = send(namesrvAddr, topic);
            assertThat(consumeAll(namesrvAddr, topic, "group-before", sent, Duration.ofSeconds(90)))
                    .as("consumed with the master up").containsExactlyInAnyOrderElementsOf(sent.values());

            // SIGTERM, as the kubelet sends it: the broker unregisters and flushes, and exits well before the timeout
            long stopStart = System.nanoTime();
            docker.stopContainerCmd(master.getContainerId()).withTimeout(60).exec();
            long stopSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopStart);
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(master.getContainerId()).exec()
                    .getState();
            assertThat(state.getExitCodeLong()).as("master exit code after SIGTERM (137 = killed)").isIn(0L, 143L);
            assertThat(stopSeconds).as("seconds the master took to stop").isLessThan(30);
            assertThat(masterLog.toUtf8String()).contains("unregistered from NameServer 127.0.0.1:" + nameServerPort)
                    .contains("CometMQ broker stopped");

            // a group that did not exist before reads every message, now from the slave
            assertThat(consumeAll(namesrvAddr, topic, "group-after", sent, Duration.ofSeconds(120)))
                    .as("consumed from the slave after the master stopped").containsExactlyInAnyOrderElementsOf(sent.values());
            assertThat(slaveLog.toUtf8String()).as("the slave saw the new group").contains("consumer group group-after");

            docker.stopContainerCmd(nameServer.getContainerId()).withTimeout(30).exec();
            assertThat(docker.inspectContainerCmd(nameServer.getContainerId()).exec().getState().getExitCodeLong())
                    .as("NameServer exit code after SIGTERM").isIn(0L, 143L);
            System.out.printf("ContainerClusterIT: %d messages sent to the SYNC_MASTER, read back before and after it "
                    + "was stopped (SIGTERM, %d s); the slave served the second read%n", sent.size(), stopSeconds);
        } finally {
            tail("nameserver", nameServerLog);
            tail("master", masterLog);
            tail("slave", slaveLog);
            for (GenericContainer<?> container : started) {
                container.stop();
            }
        }
    }

    private GenericContainer<?> broker(String role, int base, int ordinal, String namesrvAddr, int port, int haPort,
            ToStringConsumer log) {
        String set = CLUSTER + "-broker-0-" + role;
        String pod = set + "-" + ordinal;
        Map<String, String> keys = new LinkedHashMap<>();
        // what the operator's ConfigRenderer writes (for ordinal 0 of the role; the entrypoint fixes id and address)
        keys.put("brokerClusterName", CLUSTER);
        keys.put("brokerName", CLUSTER + "-broker-0");
        keys.put("brokerId", Integer.toString(base));
        keys.put("namesrvAddr", namesrvAddr);
        keys.put("brokerIP1", set + "-0." + set + ".default.svc.cluster.local"); // must be replaced, or nothing connects
        keys.put("listenPort", Integer.toString(port));
        keys.put("storePathRootDir", "/var/lib/cometmq/store");
        keys.put("brokerRole", base == 0 ? "SYNC_MASTER" : "SLAVE");
        keys.put("flushDiskType", "ASYNC_FLUSH");
        // host networking in a shared machine: loopback only, and ports picked free
        keys.put("listenHost", "127.0.0.1");
        keys.put("haListenPort", Integer.toString(haPort));
        keys.put("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        keys.put("slaveMetadataSyncInterval", "500");
        String file = "/etc/cometmq/" + role + ".conf";
        return new GenericContainer<>(DockerImageName.parse(BROKER_IMAGE))
                .withNetworkMode("host")
                .withCopyToContainer(Transferable.of(properties("broker group 0, " + role, keys), 0644), file)
                .withEnv("POD_NAME", pod)
                .withEnv("POD_NAMESPACE", "default")
                .withEnv("COMETMQ_ADVERTISED_HOST", "127.0.0.1")
                .withEnv("COMETMQ_BROKER_ID_BASE", Integer.toString(base))
                .withEnv("COMETMQ_NOFILE_TARGET", "655350") // the operator's default, above any hard limit here
                .withEnv("JAVA_OPTS", "-Xms256m -Xmx256m")
                .withCommand("--config", file)
                // a low soft limit under the engine's hard one, so the entrypoint has something to raise (and to cap)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withUlimits(List.of(new Ulimit("nofile", 1024L, HARD_NOFILE))))
                .withLogConsumer(log)
                .waitingFor(Wait.forLogMessage(".*listening on.*\\n", 1).withStartupTimeout(Duration.ofSeconds(90)));
    }

    private static Map<String, String> send(String namesrvAddr, String topic) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("container-it-producer");
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("container-it-producer-" + System.nanoTime());
        producer.setPollNameServerInterval(1000);
        producer.setSendMsgTimeout(10_000);
        producer.start();
        Map<String, String> sent = new LinkedHashMap<>();
        try {
            for (int i = 0; i < MESSAGES; i++) {
                String body = "message-" + i;
                SendResult result = producer.send(new Message(topic, "TagA", body.getBytes(StandardCharsets.UTF_8)));
                assertThat(result.getSendStatus()).as("send %d (SYNC_MASTER: acknowledged once the slave has it)", i)
                        .isEqualTo(SendStatus.SEND_OK);
                sent.put(result.getMsgId(), body);
            }
        } finally {
            producer.shutdown();
        }
        return sent;
    }

    private static Set<String> consumeAll(String namesrvAddr, String topic, String group, Map<String, String> expected,
            Duration timeout) throws Exception {
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(group + "-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setPollNameServerInterval(1000);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            messages.forEach(m -> bodies.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            await(group + " reads all " + expected.size() + " messages").atMost(timeout)
                    .pollInterval(Duration.ofMillis(250)).until(() -> bodies.containsAll(expected.values()));
        } finally {
            consumer.shutdown();
        }
        return bodies;
    }

    /** Runs an image to completion (entrypoint or a replacement command) and returns its output. */
    private static String runOnce(String image, List<String> entrypoint, String user, String... args) {
        ToStringConsumer output = new ToStringConsumer();
        try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("none")
                .withLogConsumer(output)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            if (args.length > 0) {
                container.withCommand(args);
            }
            container.withCreateContainerCmdModifier(cmd -> {
                if (entrypoint != null) {
                    cmd.withEntrypoint(entrypoint);
                }
                if (user != null) {
                    cmd.withUser(user);
                }
            });
            container.start();
            return output.toUtf8String();
        }
    }

    private static String properties(String what, Map<String, String> keys) {
        return keys.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# as rendered by cometmq-operator for " + what + "\n", "\n"));
    }

    private static void tail(String name, ToStringConsumer log) {
        List<String> lines = log.toUtf8String().lines().toList();
        System.out.println("---- " + name + " (last 25 of " + lines.size() + " lines)");
        IntStream.range(Math.max(0, lines.size() - 25), lines.size()).forEach(i -> System.out.println("  " + lines.get(i)));
    }

    private static long hardNofile() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(l -> l.startsWith("Max open files")).map(l -> l.trim().split("\\s+"))
                    .mapToLong(f -> Long.parseLong(f[4])).findFirst().orElse(4096);
        } catch (IOException | NumberFormatException e) {
            return 4096;
        }
    }

    /** A port free on loopback now; the containers share the host's network, so collisions are possible but rare. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
