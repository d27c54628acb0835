package io.cometmq.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client that the end-to-end test runs in the cluster, tested here as the image runs it: the shaded jar
 * ({@code target/cometmq-e2e-client.jar}) as its own JVM, against a CometMQ NameServer and broker started from their
 * fat jars on loopback ports. What it prints is read back with {@link ClientReport}, as the cluster test does.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClientCliIT {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final Path CLIENT_JAR = Path.of(System.getProperty("client.jar", "target/cometmq-e2e-client.jar"));
    static final Path WORK = Path.of("target", "client-cli-it");

    static final List<JarProcess> servers = new ArrayList<>();
    static String namesrv;
    static int runs;

    @BeforeAll
    static void startNameServerAndBroker() throws Exception {
        Files.createDirectories(WORK);
        int nameServerPort = freePort();
        namesrv = "127.0.0.1:" + nameServerPort;
        servers.add(JarProcess.start(REPO.resolve("nameserver-image/target/cometmq-nameserver.jar"),
                WORK.resolve("nameserver.log"), List.of("--listen-host", "127.0.0.1", "--listen-port",
                        Integer.toString(nameServerPort))).awaitLog("listening on", Duration.ofSeconds(60)));
        int brokerPort = freePort();
        Path config = WORK.resolve("broker.yaml");
        Files.writeString(config, String.join("\n",
                "brokerClusterName: \"E2EClientCluster\"",
                "brokerName: \"client-it\"",
                "namesrvAddr: \"" + namesrv + "\"",
                "brokerIP1: \"127.0.0.1\"",
                "listenHost: \"127.0.0.1\"",
                "listenPort: \"" + brokerPort + "\"",
                "haListenPort: \"" + freePort() + "\"",
                "storePathRootDir: \"" + WORK.resolve("store").toAbsolutePath() + "\"",
                "mappedFileSizeCommitLog: \"16777216\"",
                "autoCreateTopicEnable: \"true\"", ""));
        servers.add(JarProcess.start(REPO.resolve("broker-image/target/cometmq-broker.jar"), WORK.resolve("broker.log"),
                List.of("--config", config.toString())).awaitLog("listening on", Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stopServers() throws InterruptedException {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    @Test
    void producedMessagesAreAllConsumedByANewGroup() throws Exception {
        JarProcess produce = client("produce", "--namesrv", namesrv, "--topic", "CliRoundTrip", "--count", "50",
                "--run-id", "rt1");
        assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce exit code; log:\n%s", produce.log()).isZero();
        ClientReport sent = ClientReport.parse("rt1", produce.log());
        assertThat(sent.acked()).isEqualTo(SequenceRanges.firstN(50));
        assertThat(sent.sendFailures()).isEmpty();
        assertThat(sent.produced()).containsEntry("acked", 50L).containsEntry("attempted", 50L);
        assertThat(sent.ackTimes()).as("when each SEND_OK came").isNotEmpty().allSatisfy((at, sequence) ->
                assertThat(at).isBetween(System.currentTimeMillis() - 120_000, System.currentTimeMillis()));

        JarProcess consume = client("consume", "--namesrv", namesrv, "--topic", "CliRoundTrip", "--group", "cli-g1",
                "--run-id", "rt1", "--expect", "50", "--timeout", "90");
        assertThat(consume.waitFor(Duration.ofSeconds(120))).as("consume exit code; log:\n%s", consume.log()).isZero();
        ClientReport got = ClientReport.parse("rt1", consume.log());
        assertThat(got.received()).isEqualTo(sent.acked());
        assertThat(got.reportedMissing().size()).isZero();
        assertThat(got.consumed()).containsEntry("expected", 50L).containsEntry("missing", 0L);
        assertThat(got.duplicates().size()).isZero();
    }

    @Test
    void duplicatesAndNeverReceivedSequencesAreBothReported() throws Exception {
        for (int round = 0; round < 2; round++) { // the same run id twice: every key is stored twice
            JarProcess produce = client("produce", "--namesrv", namesrv, "--topic", "CliTwice", "--count", "10",
                    "--run-id", "twice");
            assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", produce.log()).isZero();
        }
        // 10..12 and 20 were never sent: the consumer reads until its timeout (so both copies of 0..9 come), then
        // names them. The timeout leaves room for a push consumer whose first rebalance finds no route yet (the next
        // one is 20 s later). One consumer run checks both reports: each of them can only end at the timeout.
        JarProcess consume = client("consume", "--namesrv", namesrv, "--topic", "CliTwice", "--group", "cli-g4",
                "--run-id", "twice", "--sequences", "0-12,20", "--timeout", "45");
        assertThat(consume.waitFor(Duration.ofSeconds(90))).as("consume log:\n%s", consume.log()).isEqualTo(1);
        ClientReport got = ClientReport.parse("twice", consume.log());
        assertThat(got.received()).isEqualTo(SequenceRanges.firstN(10));
        assertThat(got.duplicates()).hasToString("0-9");
        assertThat(got.reportedMissing()).hasToString("10-12,20");
        assertThat(got.consumed()).containsEntry("distinct", 10L).containsEntry("deliveries", 20L)
                .containsEntry("expected", 14L).containsEntry("missing", 4L);
    }

    @Test
    void producerKeepsSendingUntilTheStopFileAppears() throws Exception {
        Path stop = WORK.resolve("stop-" + System.nanoTime());
        JarProcess produce = client("produce", "--namesrv", namesrv, "--topic", "CliUntil", "--rate", "50",
                "--until-file", stop.toAbsolutePath().toString(), "--duration", "120", "--run-id", "until");
        await("some acknowledgements").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ClientReport.parse("until", produce.log()).acked().size() >= 20);
        Files.createFile(stop);
        assertThat(produce.waitFor(Duration.ofSeconds(30))).as("produce log:\n%s", produce.log()).isZero();
        ClientReport sent = ClientReport.parse("until", produce.log());
        assertThat(sent.produced().get("acked")).isGreaterThanOrEqualTo(20L)
                .isEqualTo(sent.produced().get("attempted"));
        assertThat(sent.produced().get("seconds")).as("stopped by the file, long before --duration").isLessThan(100L);
    }

    @Test
    void aPacedReaderTakesItsTime() throws Exception {
        JarProcess produce = client("produce", "--namesrv", namesrv, "--topic", "CliPaced", "--count", "10",
                "--run-id", "paced");
        assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", produce.log()).isZero();
        JarProcess consume = client("consume", "--namesrv", namesrv, "--topic", "CliPaced", "--group", "cli-g3",
                "--run-id", "paced", "--expect", "10", "--pace-ms", "300", "--timeout", "90");
        assertThat(consume.waitFor(Duration.ofSeconds(120))).as("consume log:\n%s", consume.log()).isZero();
        ClientReport got = ClientReport.parse("paced", consume.log());
        assertThat(got.received()).isEqualTo(SequenceRanges.firstN(10));
        // one message at a time, 300 ms each: at least 3 s (9 full pauses before the tenth arrives)
        assertThat(got.consumed().get("seconds")).isGreaterThanOrEqualTo(2L);
    }

    @Test
    void everyFailedSendIsPrintedWithItsReason() throws Exception {
        // nothing listens there: each send fails after the client's own retries
        JarProcess produce = client("produce", "--namesrv", "127.0.0.1:" + freePort(), "--topic", "CliNowhere",
                "--count", "2", "--send-timeout-ms", "1000", "--run-id", "fail");
        assertThat(produce.waitFor(Duration.ofSeconds(90))).as("produce log:\n%s", produce.log()).isEqualTo(1);
        ClientReport sent = ClientReport.parse("fail", produce.log());
        assertThat(sent.acked().size()).isZero();
        assertThat(sent.sendFailures()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("SEND_ERROR fail-")
                .containsPattern("Exception: .+"));
        assertThat(sent.produced()).containsEntry("errors", 2L).containsEntry("attempted", 2L);
    }

    @Test
    void aProducerWithoutAStopConditionIsRefused() throws Exception {
        JarProcess produce = client("produce", "--namesrv", namesrv, "--topic", "CliNever");
        assertThat(produce.waitFor(Duration.ofSeconds(30))).isNotZero();
        assertThat(produce.log()).contains("give --count, --duration or --until-file");
    }

    private static JarProcess client(String... args) throws IOException {
        return JarProcess.start(CLIENT_JAR, WORK.resolve("client-" + (++runs) + "-" + args[0] + ".log"), List.of(args));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
